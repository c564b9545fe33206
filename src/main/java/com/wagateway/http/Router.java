package com.wagateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatcher;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Declares routes; an unknown path is a 404 and a known path with another method a 405, both
 * problem+json.
 */
public final class Router {
  /**
   * The matched route's template ({@code /messages/{id}}), for metrics and logs; absent when none
   * matched.
   */
  public static final AttachmentKey<String> ROUTE = AttachmentKey.create(String.class);

  private final RoutingHandler routing = new RoutingHandler(false);
  // Which methods each path takes, for the Allow header of a 405.
  private final PathTemplateMatcher<Set<String>> allowed = new PathTemplateMatcher<>();

  public Router() {
    routing.setFallbackHandler(
        exchange -> {
          throw ApiException.notFound(
              "No route for " + exchange.getRequestMethod() + " " + exchange.getRequestPath());
        });
    routing.setInvalidMethodHandler(
        exchange -> {
          PathTemplateMatcher.PathMatchResult<Set<String>> match =
              allowed.match(exchange.getRelativePath());
          if (match != null) {
            exchange
                .getResponseHeaders()
                .put(Headers.ALLOW, String.join(", ", new TreeSet<>(match.getValue())));
          }
          throw ApiException.methodNotAllowed(
              exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestPath());
        });
  }

  public Router get(String path, Handler handler) {
    routing.get(path, tagged(path, handler));
    allow("GET", path);
    return this;
  }

  public Router post(String path, Handler handler) {
    routing.post(path, tagged(path, handler));
    allow("POST", path);
    return this;
  }

  public Router patch(String path, Handler handler) {
    routing.add("PATCH", path, tagged(path, handler));
    allow("PATCH", path);
    return this;
  }

  public Router delete(String path, Handler handler) {
    routing.delete(path, tagged(path, handler));
    allow("DELETE", path);
    return this;
  }

  private static HttpHandler tagged(String template, Handler handler) {
    return exchange -> {
      exchange.putAttachment(ROUTE, template);
      handler.handle(exchange);
    };
  }

  private void allow(String method, String path) {
    Set<String> methods = allowed.get(path);
    if (methods == null) {
      methods = new HashSet<>();
      allowed.add(path, methods);
    }
    methods.add(method);
  }

  public HttpHandler handler() {
    return routing;
  }

  /** A route's work: parse, call a service, answer. Failures are thrown, not written. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpServerExchange exchange) throws Exception;
  }
}
