package com.wagateway.whatsapp;

import com.wagateway.config.ConfigException;
import com.wagateway.domain.UnprocessableException;
import com.wagateway.http.AdminToken;
import com.wagateway.http.ApiException;
import com.wagateway.http.Responses;
import com.wagateway.http.Router;
import com.wagateway.json.Json;
import com.wagateway.queue.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The WhatsApp Web session for an operator on a headless server, all behind the admin token: its
 * state ({@code GET /admin/whatsapp/status}), the QR to scan ({@code GET /admin/whatsapp/qr}),
 * which selectors match the page now ({@code GET /admin/whatsapp/selectors}) and resuming a
 * degraded session ({@code POST /admin/whatsapp/resume}).
 */
public final class WhatsAppAdminHandlers {
  private static final String NOT_WEB =
      "This instance does not run the default WhatsApp Web session (WA_SENDER is not"
          + " whatsapp-web, or another instance runs it: GET /admin/sessions/default)";

  private final AdminToken admin;
  private final Supplier<Sender> senders;

  public WhatsAppAdminHandlers(AdminToken admin, Sender sender) {
    this(admin, () -> sender);
  }

  /** {@code senders}: the {@code default} session's sender on this instance, asked each time. */
  public WhatsAppAdminHandlers(AdminToken admin, Supplier<Sender> senders) {
    this.admin = admin;
    this.senders = senders;
  }

  /** Declares this feature's routes. */
  public void routes(Router router) {
    router
        .get("/admin/whatsapp/status", this::status)
        .get("/admin/whatsapp/qr", this::qr)
        .get("/admin/whatsapp/selectors", this::selectors)
        .post("/admin/whatsapp/resume", this::resume);
  }

  /** {@code GET /admin/whatsapp/status}. */
  public void status(HttpServerExchange exchange) {
    admin.require(exchange);
    Sender sender = senders.get();
    if (!(sender instanceof WhatsAppWebSender web)) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("state", sender.state());
      body.put("detail", NOT_WEB);
      Responses.json(exchange, 200, body);
      return;
    }
    noStore(exchange);
    Responses.json(exchange, 200, statusBody(web.status()));
  }

  /** The session's state for the admin API, as {@code GET /admin/whatsapp/status} shows it. */
  public static Map<String, Object> statusBody(SessionStatus s) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", s.state().wireName());
    body.put("detail", s.state().description());
    body.put("since", utc(s.since()));
    body.put("qr_available", s.qrPayload() != null || s.qrImage() != null);
    body.put("browser_started_at", utc(s.browserStartedAt()));
    body.put("browser_startup_ms", s.browserStartupMillis());
    body.put("browser_restarts", s.browserRestarts());
    body.put("last_error", s.lastError());
    body.put("missing_selectors", s.missingSelectors());
    return body;
  }

  /** {@code GET /admin/whatsapp/qr}: the QR code showing now, as PNG. */
  public void qr(HttpServerExchange exchange) {
    admin.require(exchange);
    WhatsAppWebSender web = web("there is no QR code");
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

  /** For each element of the selector table, the generation that matches the page now, or null. */
  public void selectors(HttpServerExchange exchange) {
    admin.require(exchange);
    WhatsAppWebSender web = web("there are no selectors");
    SelectorReport report =
        web.selectorReport()
            .orElseThrow(
                () ->
                    ApiException.unavailable(
                        "The browser cannot be looked at now (session state: "
                            + web.state()
                            + "; a send may hold it, or it is restarting); try again shortly",
                        5));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", web.state());
    body.put("url", report.url());
    body.put("elements", report.elements());
    noStore(exchange);
    Responses.json(exchange, 200, body);
  }

  /**
   * Resumes a degraded session: re-reads WA_SELECTORS_FILE first, so a repaired selector takes
   * effect now. A file that does not parse leaves everything as it was.
   */
  public void resume(HttpServerExchange exchange) {
    admin.require(exchange);
    WhatsAppWebSender web = web("there is no session to resume");
    try {
      web.resume();
    } catch (ConfigException e) {
      throw new UnprocessableException(
          "The session stays as it was: " + e.getMessage() + "; fix the file and resume again");
    }
    Responses.json(exchange, 200, statusBody(web.status()));
  }

  private WhatsAppWebSender web(String consequence) {
    if (senders.get() instanceof WhatsAppWebSender web) return web;
    throw ApiException.conflict(NOT_WEB + ": " + consequence);
  }

  private static void noStore(HttpServerExchange exchange) {
    // The QR rotates every few tens of seconds and the state changes under it: never cache.
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
  }

  private static String utc(Instant instant) {
    return instant == null
        ? null
        : Json.timestamp(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
  }
}
