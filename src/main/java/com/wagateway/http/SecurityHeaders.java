package com.wagateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * Headers on every answer, errors included. The API's answers are data, never pages: nothing may
 * sniff them into HTML, frame them, run scripts from them, leak the URL onward or keep a copy (they
 * carry phone numbers, texts and, for create and rotate-key, an API key). A route that serves a
 * page or a cacheable file replaces the policy or the caching it needs.
 */
final class SecurityHeaders implements HttpHandler {
  static final HttpString CONTENT_SECURITY_POLICY = new HttpString("Content-Security-Policy");
  static final HttpString X_FRAME_OPTIONS = new HttpString("X-Frame-Options");
  private static final HttpString X_CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");
  private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");

  private final HttpHandler next;

  SecurityHeaders(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    HeaderMap headers = exchange.getResponseHeaders();
    headers.put(X_CONTENT_TYPE_OPTIONS, "nosniff");
    headers.put(REFERRER_POLICY, "no-referrer");
    headers.put(X_FRAME_OPTIONS, "DENY");
    headers.put(CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'");
    headers.put(Headers.CACHE_CONTROL, "no-store");
    next.handleRequest(exchange);
  }
}
