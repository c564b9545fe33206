package com.wagateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Properties;

/**
 * The API's contract: the hand-written OpenAPI 3.1 document at {@code /openapi.json}, and Swagger
 * UI at {@code /docs}, served from its WebJar on the classpath.
 */
public final class DocsHandlers {
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  // Swagger UI's own files only; it sets inline styles and draws icons from data: URLs. Nothing
  // may frame the page (clickjacking).
  private static final String PAGE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
          + " data:; connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action"
          + " 'none'; frame-ancestors 'none'";
  private static final String INDEX =
      """
      <!DOCTYPE html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>WhatsApp gateway API</title>
        <link rel="stylesheet" href="/docs/swagger-ui.css">
        <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
      </head>
      <body>
        <div id="swagger-ui"></div>
        <script src="/docs/swagger-ui-bundle.js"></script>
        <script src="/docs/swagger-ui-standalone-preset.js"></script>
        <script src="/docs/initializer.js"></script>
      </body>
      </html>
      """;
  // Inline scripts would need a looser Content-Security-Policy; a file keeps it simple.
  private static final String INITIALIZER =
      """
      window.onload = function () {
        window.ui = SwaggerUIBundle({
          url: "/openapi.json",
          dom_id: "#swagger-ui",
          deepLinking: true,
          presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
          layout: "StandaloneLayout"
        });
      };
      """;

  private final byte[] openApi;
  private final HttpHandler webjar;

  public DocsHandlers() {
    this.openApi = resource("openapi.json");
    ClassLoader loader = DocsHandlers.class.getClassLoader();
    this.webjar =
        new ResourceHandler(
            new ClassPathResourceManager(loader, WEBJAR + swaggerUiVersion() + "/"));
  }

  /** Declares the API document's routes. */
  public void routes(Router router) {
    router.get("/openapi.json", this::openApi).get("/docs", this::page).get("/docs/*", this::page);
  }

  /** {@code GET /openapi.json}. */
  public void openApi(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
    exchange.getResponseSender().send(ByteBuffer.wrap(openApi));
  }

  /** {@code GET /docs} and everything under it: the page, its initializer, Swagger UI's files. */
  public void page(HttpServerExchange exchange) throws Exception {
    String path = exchange.getRequestPath().substring("/docs".length());
    exchange.getResponseHeaders().put(SecurityHeaders.CONTENT_SECURITY_POLICY, PAGE_POLICY);
    if (path.isEmpty() || path.equals("/") || path.equals("/index.html")) {
      send(exchange, "text/html; charset=utf-8", INDEX);
    } else if (path.equals("/initializer.js")) {
      send(exchange, "text/javascript; charset=utf-8", INITIALIZER);
    } else {
      // Swagger UI's files change only with its version: a browser may keep them a day.
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "public, max-age=86400");
      exchange.setRelativePath(path);
      webjar.handleRequest(exchange);
    }
  }

  private static void send(HttpServerExchange exchange, String type, String body) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
    exchange.getResponseSender().send(body);
  }

  private static byte[] resource(String name) {
    try (InputStream in = DocsHandlers.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException(name + " is missing from the classpath");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String swaggerUiVersion() {
    try (InputStream in =
        DocsHandlers.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null)
        throw new IllegalStateException("The swagger-ui WebJar is missing from the classpath");
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
