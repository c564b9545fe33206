package com.wagateway.whatsapp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** QR codes for the operator: as a PNG for the admin route, as block characters for the log. */
public final class QrCodes {

  private QrCodes() {}

  /** A clean PNG of the payload, large enough for a phone to scan from a screen. */
  public static byte[] png(String payload) {
    BitMatrix matrix = matrix(payload, 4);
    int scale = Math.max(1, 400 / matrix.getWidth());
    BitMatrix scaled = new BitMatrix(matrix.getWidth() * scale, matrix.getHeight() * scale);
    for (int y = 0; y < scaled.getHeight(); y++) {
      for (int x = 0; x < scaled.getWidth(); x++) {
        if (matrix.get(x / scale, y / scale)) scaled.set(x, y);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      MatrixToImageWriter.writeToStream(scaled, "PNG", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A QR code as SVG path data: one unit per module, quiet zone included, {@code size} square. */
  public record Svg(int size, String path) {}

  /** The payload drawn as one SVG path, for a page to show crisp at any size. */
  public static Svg svg(String payload) {
    BitMatrix m = matrix(payload, 4);
    StringBuilder d = new StringBuilder();
    for (int y = 0; y < m.getHeight(); y++) {
      int x = 0;
      while (x < m.getWidth()) {
        if (!m.get(x, y)) {
          x++;
          continue;
        }
        int run = 1;
        while (x + run < m.getWidth() && m.get(x + run, y)) run++;
        d.append('M').append(x).append(' ').append(y).append('h').append(run);
        d.append("v1h-").append(run).append('z');
        x += run;
      }
    }
    return new Svg(m.getWidth(), d.toString());
  }

  /**
   * The payload as text a phone can scan from a terminal: two modules per character with half
   * blocks. Light modules are printed as blocks, so on the usual dark terminal background the code
   * shows dark on light, as scanners expect.
   */
  public static String terminal(String payload) {
    BitMatrix m = matrix(payload, 2);
    StringBuilder out = new StringBuilder();
    for (int y = 0; y < m.getHeight(); y += 2) {
      for (int x = 0; x < m.getWidth(); x++) {
        boolean topLight = !m.get(x, y);
        boolean bottomLight = y + 1 >= m.getHeight() || !m.get(x, y + 1);
        out.append(topLight ? (bottomLight ? '█' : '▀') : (bottomLight ? '▄' : ' '));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Reads the payload back from a picture of a QR code (the page's canvas); null when none is
   * found.
   */
  public static String decode(byte[] image) {
    try {
      BufferedImage picture = ImageIO.read(new ByteArrayInputStream(image));
      if (picture == null) return null;
      BinaryBitmap bitmap =
          new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(picture)));
      return new QRCodeReader()
          .decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
          .getText();
    } catch (NotFoundException e) {
      return null;
    } catch (ReaderException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BitMatrix matrix(String payload, int margin) {
    try {
      return new QRCodeWriter()
          .encode(
              payload,
              BarcodeFormat.QR_CODE,
              0,
              0,
              Map.of(
                  EncodeHintType.MARGIN,
                  margin,
                  EncodeHintType.ERROR_CORRECTION,
                  ErrorCorrectionLevel.L,
                  EncodeHintType.CHARACTER_SET,
                  "UTF-8"));
    } catch (WriterException e) {
      throw new IllegalArgumentException(
          "Cannot encode a QR code of " + payload.length() + " characters", e);
    }
  }
}
