package com.wagateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatcher;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Declares routes; an unknown path is a 404 and a known path with another method a 405, both
 * problem+json.
 *
 * <p>Routing runs on Undertow's I/O thread. A matched route's body is read there in full (at most
 * its limit, within the read timeout), and only then does the handler run, on a request thread,
 * with the body in memory: a slow or stalled client never holds a request thread. Handlers run in
 * Undertow's non-blocking mode and answer through {@link Responses}.
 */
public final class Router {
  /**
   * The matched route's template ({@code /messages/{id}}), for metrics and logs; absent when none
   * matched.
   */
  public static final AttachmentKey<String> ROUTE = AttachmentKey.create(String.class);

  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  private final RoutingHandler routing = new RoutingHandler(false);
  // Which methods each path takes, for the Allow header of a 405.
  private final PathTemplateMatcher<Set<String>> allowed = new PathTemplateMatcher<>();
  private final BodyReader bodies;
  private final Duration readTimeout;
  private final Map<String, ProblemWriter> pageRefusals = new LinkedHashMap<>();

  public Router() {
    this(DEFAULT_READ_TIMEOUT);
  }

  /** {@code readTimeout}: how long a request's body may take to arrive. */
  public Router(Duration readTimeout) {
    this.bodies = new BodyReader(readTimeout);
    this.readTimeout = readTimeout;
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
    return add("GET", path, handler, RequestBody.MAX_BYTES, null);
  }

  public Router post(String path, Handler handler) {
    return add("POST", path, handler, RequestBody.MAX_BYTES, null);
  }

  /**
   * A POST whose body may be larger than {@link RequestBody#MAX_BYTES}: {@code beforeBody} (the
   * credentials check) runs first, from the headers alone, so only a caller it lets through can
   * make the server read up to {@code maxBodyBytes}.
   */
  public Router post(String path, Handler handler, int maxBodyBytes, Handler beforeBody) {
    return add("POST", path, handler, maxBodyBytes, beforeBody);
  }

  /**
   * A POST whose body is not read before the handler runs (file uploads, up to {@code
   * maxBodyBytes}): {@code beforeBody} (the credentials check) runs first, from the headers alone,
   * on a request thread; then the handler runs on the same thread in blocking mode and streams the
   * body itself through {@link StreamingBody}, which closes a connection whose body stalls for the
   * read timeout. A body announced larger than {@code maxBodyBytes} is refused unread.
   */
  public Router upload(String path, Handler handler, long maxBodyBytes, Handler beforeBody) {
    HttpHandler work =
        new ProblemHandler(
            exchange -> {
              try {
                beforeBody.handle(exchange);
                if (exchange.getRequestContentLength() > maxBodyBytes) {
                  throw ApiException.payloadTooLarge(
                      "The request body announces "
                          + exchange.getRequestContentLength()
                          + " bytes; at most "
                          + maxBodyBytes
                          + " are taken");
                }
              } catch (Exception refused) {
                // The unread body is not drained: the connection closes after the answer.
                exchange.setPersistent(false);
                throw refused;
              }
              exchange.setMaxEntitySize(maxBodyBytes);
              exchange.startBlocking();
              exchange.putAttachment(StreamingBody.TIMEOUT, readTimeout);
              handler.handle(exchange);
            });
    routing.add(
        "POST",
        path,
        exchange -> {
          exchange.putAttachment(ROUTE, path);
          exchange.dispatch(work);
        });
    allowed(path).add("POST");
    return this;
  }

  public Router patch(String path, Handler handler) {
    return add("PATCH", path, handler, RequestBody.MAX_BYTES, null);
  }

  public Router delete(String path, Handler handler) {
    return add("DELETE", path, handler, RequestBody.MAX_BYTES, null);
  }

  private Router add(String method, String path, Handler handler, int maxBytes, Handler before) {
    routing.add(method, path, route(path, handler, maxBytes, before));
    allowed(path).add(method);
    return this;
  }

  private HttpHandler route(String template, Handler handler, int maxBytes, Handler beforeBody) {
    HttpHandler work = new ProblemHandler(handler::handle);
    if (beforeBody == null) {
      return exchange -> {
        exchange.putAttachment(ROUTE, template);
        ProblemWriter refuse = refusalFor(template);
        try {
          bodies.readThen(exchange, maxBytes, work, refuse);
        } catch (ApiException refused) {
          refuse.write(exchange, refused);
        }
      };
    }
    HttpHandler readBody =
        new ProblemHandler(
            exchange -> bodies.readThen(exchange, maxBytes, work, Responses::problem));
    HttpHandler check =
        new ProblemHandler(
            exchange -> {
              try {
                beforeBody.handle(exchange);
              } catch (Exception refused) {
                // The unread body is not drained: the connection closes after the answer.
                exchange.setPersistent(false);
                throw refused;
              }
              exchange.dispatch(exchange.getIoThread(), readBody);
            });
    return exchange -> {
      exchange.putAttachment(ROUTE, template);
      exchange.dispatch(check);
    };
  }

  /**
   * Routes under {@code prefix} serve pages for people: a body refused before their handler runs
   * (too large, unreadable) is answered by {@code writer} as a page rather than as problem+json.
   */
  public Router pagesUnder(String prefix, ProblemWriter writer) {
    pageRefusals.put(prefix, writer);
    return this;
  }

  private ProblemWriter refusalFor(String template) {
    for (Map.Entry<String, ProblemWriter> pages : pageRefusals.entrySet()) {
      if (template.equals(pages.getKey()) || template.startsWith(pages.getKey() + "/")) {
        return pages.getValue();
      }
    }
    return Responses::problem;
  }

  private Set<String> allowed(String path) {
    Set<String> methods = allowed.get(path);
    if (methods == null) {
      methods = new HashSet<>();
      allowed.add(path, methods);
    }
    return methods;
  }

  public HttpHandler handler() {
    return routing;
  }

  /** Writes a refusal as an answer. */
  @FunctionalInterface
  public interface ProblemWriter {
    void write(HttpServerExchange exchange, ApiException problem);
  }

  /** A route's work: parse, call a service, answer. Failures are thrown, not written. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpServerExchange exchange) throws Exception;
  }
}
