package com.wagateway.console;

import com.wagateway.client.ApiKeys;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The console's style sheet and scripts, served from the jar at {@code /console/assets/...}: its
 * own files and htmx from its WebJar. No CDN, nothing fetched at run time.
 */
final class Assets {
  private record Asset(byte[] bytes, String type, String etag) {}

  private final Map<String, Asset> assets;

  Assets() {
    String htmx =
        "META-INF/resources/webjars/htmx.org/" + webJarVersion("htmx.org") + "/dist/htmx.min.js";
    this.assets =
        Map.of(
            "console.css", asset("console/console.css", "text/css; charset=utf-8"),
            "console.js", asset("console/console.js", "text/javascript; charset=utf-8"),
            "favicon.svg", asset("console/favicon.svg", "image/svg+xml"),
            "htmx.min.js", asset(htmx, "text/javascript; charset=utf-8"));
  }

  /** {@code GET /console/assets/{file}}. */
  void serve(HttpServerExchange exchange) {
    Asset asset = assets.get(com.wagateway.http.PathParams.string(exchange, "file"));
    var headers = exchange.getResponseHeaders();
    headers.put(new HttpString("X-Content-Type-Options"), "nosniff");
    if (asset == null) {
      exchange.setStatusCode(404);
      headers.put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      exchange.getResponseSender().send("No such file");
      return;
    }
    // Revalidated on every use: a new jar's files are picked up at once, unchanged ones cost a 304.
    headers.put(Headers.CACHE_CONTROL, "no-cache");
    headers.put(Headers.ETAG, asset.etag());
    if (asset.etag().equals(exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH))) {
      exchange.setStatusCode(304);
      exchange.endExchange();
      return;
    }
    headers.put(Headers.CONTENT_TYPE, asset.type());
    exchange.getResponseSender().send(ByteBuffer.wrap(asset.bytes()));
  }

  private static Asset asset(String path, String type) {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException(path + " is missing from the classpath");
      byte[] bytes = in.readAllBytes();
      String etag =
          "\""
              + ApiKeys.hash(new String(bytes, StandardCharsets.ISO_8859_1)).substring(0, 20)
              + "\"";
      return new Asset(bytes, type, etag);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String webJarVersion(String name) {
    String path = "META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("The " + name + " WebJar is missing");
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
