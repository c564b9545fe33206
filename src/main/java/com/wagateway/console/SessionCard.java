package com.wagateway.console;

import com.wagateway.whatsapp.QrCodes;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One WhatsApp session as the console shows it: with WhatsApp Web every session in the database,
 * wherever it runs; with another sender the one {@code default}.
 *
 * @param qr the QR code to scan now, or null
 * @param qrPicture whether only the page's picture of the QR is known (served as an image)
 * @param phone the linked phone number, or null when not known
 * @param restartable whether the browser behind it can be restarted from the page
 * @param clients the clients whose messages it sends
 * @param managed whether it takes the per-session actions (restart, log out, resume)
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
    List<String> clients,
    boolean managed) {

  private static final Map<String, String> LABELS =
      Map.ofEntries(
          Map.entry("starting", "Starting"),
          Map.entry("qr_required", "Waiting for a QR scan"),
          Map.entry("ready", "Ready"),
          Map.entry("logged_out", "Logged out: scan again"),
          Map.entry("taken_over", "Open in another browser"),
          Map.entry("browser_down", "Browser down"),
          Map.entry("degraded", "Degraded: sending stopped"),
          Map.entry("site_unreachable", "WhatsApp unreachable"),
          Map.entry("not_ready", "Not ready"),
          Map.entry("stopped", "Not running: no instance has room"),
          Map.entry("no_session", "No session runs here"));

  /** The state in words. */
  public String label() {
    return LABELS.getOrDefault(state, state.replace('_', ' '));
  }

  /** How the state looks: "ok" (sending), "wait" (needs time or a scan), "bad" (needs help). */
  public String tone() {
    return switch (state) {
      case "ready" -> "ok";
      case "starting", "qr_required", "logged_out", "stopped" -> "wait";
      default -> "bad";
    };
  }
}
