package com.wagateway.health;

import com.wagateway.http.Responses;
import com.wagateway.http.Router;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /health/live} and {@code /health/ready}: JSON, 200 or 503, no authentication. */
public final class HealthHandlers {
  private final Readiness readiness;

  public HealthHandlers(Readiness readiness) {
    this.readiness = readiness;
  }

  /** Declares this feature's routes. */
  public void routes(Router router) {
    router.get("/health/live", this::live).get("/health/ready", this::ready);
  }

  /**
   * The process answers HTTP; nothing else is checked, so a restart is never triggered by an outage
   * elsewhere.
   */
  public void live(HttpServerExchange exchange) {
    noStore(exchange);
    Responses.json(exchange, 200, Map.of("status", "up"));
  }

  public void ready(HttpServerExchange exchange) {
    Readiness.Report report = readiness.check();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", report.ready() ? "ready" : "not_ready");
    body.put("checks", report.checks());
    noStore(exchange);
    Responses.json(exchange, report.ready() ? 200 : 503, body);
  }

  private static void noStore(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
  }
}
