package com.wagateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * Refuses a request whose body comes in a transfer coding other than plain {@code chunked}, before
 * any route sees it. Undertow reads {@code xchunked}, {@code gzip} or {@code chunked, identity} as
 * chunked; a proxy in front may read them otherwise, and two readers that disagree on where a body
 * ends are how requests are smuggled. RFC 9112 (6.1): a server answers 501 to a coding it does not
 * understand; the connection is closed, since where this body ends is not known.
 */
final class TransferCodings implements HttpHandler {
  private static final int SHOWN = 100;

  private final HttpHandler next;

  TransferCodings(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    HeaderValues codings = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
    if (codings == null
        || (codings.size() == 1 && codings.getFirst().strip().equalsIgnoreCase("chunked"))) {
      next.handleRequest(exchange);
      return;
    }
    String named = String.join(", ", codings);
    if (named.length() > SHOWN) named = named.substring(0, SHOWN) + "...";
    exchange.setPersistent(false);
    Responses.problem(
        exchange,
        ApiException.notImplemented(
            "Transfer-Encoding '"
                + named
                + "' is not supported: send the body with Content-Length, or with"
                + " Transfer-Encoding: chunked alone"));
  }
}
