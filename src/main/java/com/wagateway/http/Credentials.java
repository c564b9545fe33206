package com.wagateway.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** Where callers put their API key: {@code Authorization: Bearer <key>} or {@code X-API-Key}. */
public final class Credentials {

  private Credentials() {}

  /** The key from the headers, or null when none was sent. */
  public static String apiKey(HttpServerExchange exchange) {
    String bearer = bearer(exchange);
    if (bearer != null) return bearer;
    String header = exchange.getRequestHeaders().getFirst("X-API-Key");
    return header == null || header.isBlank() ? null : header.trim();
  }

  public static String bearer(HttpServerExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (authorization == null) return null;
    String[] parts = authorization.trim().split("\\s+", 2);
    if (parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") && !parts[1].isBlank())
      return parts[1].trim();
    return null;
  }
}
