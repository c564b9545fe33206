package com.wagateway.console;

import com.wagateway.whatsapp.QrCodes;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One WhatsApp session as the console shows it. Today an instance runs one session (named {@code
 * default}); a list of them is what the pages take, so several sessions show the same way.
 *
 * @param qr the QR code to scan now, or null
 * @param qrPicture whether only the page's picture of the QR is known (served as an image)
 * @param phone the linked phone number, or null when not known
 * @param restartable whether the browser behind it can be restarted from the page
 * @param clients the clients whose messages it sends
 */
public record SessionCard(
    String name,
    String state,
    String description,
    Instant since,
    String lastError,
    String phone,
    String instance,
    QrCodes.Svg qr,
    boolean qrPicture,
    Integer browserRestarts,
    Instant browserStartedAt,
    boolean restartable,
    List<String> clients) {

  private static final Map<String, String> LABELS =
      Map.of(
          "starting", "Starting",
          "qr_required", "Waiting for a QR scan",
          "ready", "Ready",
          "logged_out", "Logged out: scan again",
          "taken_over", "Open in another browser",
          "browser_down", "Browser down",
          "degraded", "Degraded: sending stopped",
          "site_unreachable", "WhatsApp unreachable",
          "not_ready", "Not ready");

  /** The state in words. */
  public String label() {
    return LABELS.getOrDefault(state, state.replace('_', ' '));
  }

  /** How the state looks: "ok" (sending), "wait" (needs time or a scan), "bad" (needs help). */
  public String tone() {
    return switch (state) {
      case "ready" -> "ok";
      case "starting", "qr_required", "logged_out" -> "wait";
      default -> "bad";
    };
  }
}
