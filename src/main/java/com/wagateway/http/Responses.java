package com.wagateway.http;

import com.wagateway.json.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Writes answers: JSON bodies and RFC 9457 problem documents. */
public final class Responses {

  private Responses() {}

  public static void json(HttpServerExchange exchange, int status, Object body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
    exchange.getResponseSender().send(Json.GSON.toJson(body));
  }

  public static void problem(HttpServerExchange exchange, ApiException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", e.title());
    body.put("status", e.status());
    body.put("detail", e.getMessage());
    body.put("instance", exchange.getRequestPath());
    if (!e.errors().isEmpty()) body.put("errors", e.errors());
    e.members().forEach(body::putIfAbsent);
    if (e.retryAfterSeconds() != null) {
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
    }
    if (e.status() == 401) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
    }
    writeProblem(exchange, e.status(), body);
  }

  /** A 500 that names a reference to find in the log, and nothing of the failure itself. */
  public static String internalError(HttpServerExchange exchange) {
    String reference = UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", "Internal server error");
    body.put("status", 500);
    body.put(
        "detail",
        "The server failed to handle this request; the operator can find reference "
            + reference
            + " in the service log");
    body.put("instance", exchange.getRequestPath());
    writeProblem(exchange, 500, body);
    return reference;
  }

  private static void writeProblem(
      HttpServerExchange exchange, int status, Map<String, Object> body) {
    exchange.setStatusCode(status);
    exchange
        .getResponseHeaders()
        .put(Headers.CONTENT_TYPE, "application/problem+json; charset=utf-8");
    exchange.getResponseSender().send(Json.GSON.toJson(body));
  }

  public static void header(HttpServerExchange exchange, String name, String value) {
    exchange.getResponseHeaders().put(new HttpString(name), value);
  }
}
