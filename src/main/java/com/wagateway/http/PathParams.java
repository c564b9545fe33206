package com.wagateway.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;

/** Path parameters of a route template such as {@code /contacts/{id}}. */
public final class PathParams {

  private PathParams() {}

  public static String string(HttpServerExchange exchange, String name) {
    return exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get(name);
  }

  /** A positive id; anything else names nothing, so it is a 404 like an unknown id. */
  public static long id(HttpServerExchange exchange, String name) {
    String raw = string(exchange, name);
    try {
      long id = Long.parseLong(raw);
      if (id > 0) return id;
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw ApiException.notFound("No such resource: '" + raw + "' is not an id");
  }
}
