package com.wagateway.metrics;

import com.wagateway.http.Router;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Requests by method, route template and status, with their duration. Labels use the route template
 * ({@code /messages/{id}}), never the raw path, so the series stay few.
 */
public final class HttpMetrics {
  private final Histogram requests;

  public HttpMetrics(PrometheusRegistry registry) {
    requests =
        Histogram.builder()
            .name("wa_http_request_duration_seconds")
            .help(
                "HTTP requests by method, route template and status, and how long they took;"
                    + " route is \"unmatched\" for paths no route knows")
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

  private void record(HttpServerExchange exchange, long nanos) {
    String route = exchange.getAttachment(Router.ROUTE);
    requests
        .labelValues(
            exchange.getRequestMethod().toString(),
            route == null ? "unmatched" : route,
            Integer.toString(exchange.getStatusCode()))
        .observe(nanos / 1e9);
  }
}
