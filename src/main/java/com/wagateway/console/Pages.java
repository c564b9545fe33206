package com.wagateway.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * Renders the console's templates. They were compiled with the jar (jte-maven-plugin), so a
 * template that does not match its view record fails the build, and jte escapes every value for the
 * place it lands in (text, attribute, URL).
 */
final class Pages {
  private final TemplateEngine engine =
      TemplateEngine.createPrecompiled(
          null, ContentType.Html, Pages.class.getClassLoader(), "com.wagateway.console.templates");

  /** Writes the template ({@code name.jte}) with its one parameter as the answer. */
  void render(HttpServerExchange exchange, int status, String template, Object view) {
    StringOutput out = new StringOutput(8192);
    engine.render(template + ".jte", view, out);
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    exchange.getResponseSender().send(out.toString());
  }
}
