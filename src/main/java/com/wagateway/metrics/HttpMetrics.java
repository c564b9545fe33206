package com.wagateway.metrics;

import com.wagateway.http.Router;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Set;

/**
 * Requests by method, route template and status, with their duration. Labels use the route template
 * ({@code /messages/{id}}), never the raw path, and the method only when it is one HTTP defines
 * ({@code other} for the rest): anyone can send {@code FOO2}, and each new label value would be a
 * series kept forever, so /metrics would grow without limit.
 */
public final class HttpMetrics {
  static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  private final Histogram requests;

  public HttpMetrics(PrometheusRegistry registry) {
    requests =
        Histogram.builder()
            .name("wa_http_request_duration_seconds")
            .help(
                "HTTP requests by method, route template and status, and how long they took;"
                    + " route is \"unmatched\" for paths no route knows, method \"other\" for"
                    + " methods HTTP does not define")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(
                0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .labelNames("method", "route", "status")
            .register(registry);
  }

  /** Wraps the routes; the duration is taken when the answer has been written. */
  public HttpHandler wrap(HttpHandler next) {
    return exchange -> {
      long started = System.nanoTime();
      exchange.addExchangeCompleteListener(
          (done, nextListener) -> {
            record(done, System.nanoTime() - started);
            nextListener.proceed();
          });
      next.handleRequest(exchange);
    };
  }

  static String method(String method) {
    return METHODS.contains(method) ? method : "other";
  }

  private void record(HttpServerExchange exchange, long nanos) {
    String route = exchange.getAttachment(Router.ROUTE);
    requests
        .labelValues(
            method(exchange.getRequestMethod().toString()),
            route == null ? "unmatched" : route,
            Integer.toString(exchange.getStatusCode()))
        .observe(nanos / 1e9);
  }
}
