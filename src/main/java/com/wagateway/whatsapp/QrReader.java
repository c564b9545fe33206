package com.wagateway.whatsapp;

import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the QR payload off the page (the container's {@code data-ref}, or the canvas picture
 * decoded where a WhatsApp version has no {@code data-ref}) and prints each new one to the log as
 * block characters, once, for operators who only have a terminal.
 */
final class QrReader {
  private static final Logger log = LoggerFactory.getLogger(QrReader.class);

  /**
   * What the operator is shown: the payload, or only the page's picture when it could not be read.
   */
  record Qr(String payload, byte[] image) {}

  private String lastCanvas;
  private String lastPayload;
  private String lastLogged;

  Qr read(PageProbe page) {
    String payload = page.qrRef();
    byte[] image = null;
    if (payload == null && page.qrImage() != null) {
      if (page.qrImage().equals(lastCanvas) && lastPayload != null) {
        payload = lastPayload;
      } else {
        lastCanvas = page.qrImage();
        image =
            Base64.getDecoder().decode(page.qrImage().substring(page.qrImage().indexOf(',') + 1));
        payload = QrCodes.decode(image);
      }
    }
    lastPayload = payload;
    if (payload != null && !payload.equals(lastLogged)) {
      lastLogged = payload;
      log.info(
          "WhatsApp Web needs a QR scan. On the phone: WhatsApp > Settings > Linked devices > Link"
              + " a device, then scan this (or fetch GET /admin/whatsapp/qr with the admin"
              + " token):\n"
              + "{}",
          QrCodes.terminal(payload));
    }
    return new Qr(payload, payload == null ? image : null);
  }

  /** Logged in: the next QR, even one seen before, is news again. */
  void forget() {
    lastLogged = null;
  }
}
