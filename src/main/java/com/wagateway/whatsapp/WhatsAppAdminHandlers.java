package com.wagateway.whatsapp;

import com.wagateway.http.AdminToken;
import com.wagateway.http.ApiException;
import com.wagateway.http.Json;
import com.wagateway.http.Responses;
import com.wagateway.queue.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /admin/whatsapp/status} and {@code GET /admin/whatsapp/qr}: how an operator on a
 * headless server sees the session and scans the QR code. Both need the admin token.
 */
public final class WhatsAppAdminHandlers {
  private final AdminToken admin;
  private final Sender sender;

  public WhatsAppAdminHandlers(AdminToken admin, Sender sender) {
    this.admin = admin;
    this.sender = sender;
  }

  /** {@code GET /admin/whatsapp/status}. */
  public void status(HttpServerExchange exchange) {
    admin.require(exchange);
    Map<String, Object> body = new LinkedHashMap<>();
    if (!(sender instanceof WhatsAppWebSender web)) {
      body.put("state", sender.state());
      body.put("detail", "This instance does not use WhatsApp Web (WA_SENDER is not whatsapp-web)");
      Responses.json(exchange, 200, body);
      return;
    }
    SessionStatus s = web.status();
    body.put("state", s.state().wireName());
    body.put("detail", s.state().description());
    body.put("since", utc(s.since()));
    body.put("qr_available", s.qrPayload() != null || s.qrImage() != null);
    body.put("browser_started_at", utc(s.browserStartedAt()));
    body.put("browser_startup_ms", s.browserStartupMillis());
    body.put("browser_restarts", s.browserRestarts());
    body.put("last_error", s.lastError());
    noStore(exchange);
    Responses.json(exchange, 200, body);
  }

  /** {@code GET /admin/whatsapp/qr}: the QR code showing now, as PNG. */
  public void qr(HttpServerExchange exchange) {
    admin.require(exchange);
    if (!(sender instanceof WhatsAppWebSender web)) {
      throw ApiException.conflict(
          "This instance does not use WhatsApp Web (WA_SENDER is not whatsapp-web): there is no QR"
              + " code");
    }
    SessionStatus s = web.freshStatus();
    byte[] png = s.qrPayload() != null ? QrCodes.png(s.qrPayload()) : s.qrImage();
    if (png == null) {
      if (s.state() == SessionState.READY) {
        throw ApiException.conflict(
            "WhatsApp Web is already logged in: there is no QR code to scan");
      }
      if (s.state() == SessionState.TAKEN_OVER) {
        throw ApiException.conflict(
            "No QR code: the session is logged in but open in another browser ("
                + s.state().description()
                + ")");
      }
      throw ApiException.notFound(
          "No QR code is showing right now (session state: "
              + s.state().wireName()
              + "); try again in a few seconds");
    }
    noStore(exchange);
    exchange.setStatusCode(200);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "image/png");
    exchange.getResponseSender().send(ByteBuffer.wrap(png));
  }

  private static void noStore(HttpServerExchange exchange) {
    // The QR rotates every few tens of seconds; a cached one cannot be scanned.
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
  }

  private static String utc(java.time.Instant instant) {
    return instant == null
        ? null
        : Json.timestamp(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
  }
}
