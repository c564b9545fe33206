package com.wagateway.metrics;

import com.wagateway.http.Router;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The service's metrics registry and the {@code /metrics} route. One registry per {@code App} (not
 * the library's global one), so several apps in one JVM, as in tests, do not collide.
 */
public final class Metrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public Metrics() {
    // JVM memory, GC, threads and process_resident_memory_bytes: what a small VPS runs out of.
    JvmMetrics.builder().register(registry);
  }

  /** Declares the scrape route. */
  public void routes(Router router) {
    router.get("/metrics", this::scrape);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** GET /metrics: Prometheus text format 0.0.4. Gauges that read the database refresh here. */
  public void scrape(HttpServerExchange exchange) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    writer.write(body, registry.scrape());
    exchange.setStatusCode(200);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, writer.getContentType());
    exchange.getResponseSender().send(ByteBuffer.wrap(body.toByteArray()));
  }
}
