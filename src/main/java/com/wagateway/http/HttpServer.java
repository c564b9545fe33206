package com.wagateway.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Undertow server. Every handler runs behind {@link BlockingHandler} because they all
 * touch JDBC; failures become problem+json in {@link ProblemHandler}.
 */
public final class HttpServer {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

  private final Undertow undertow;
  private final GracefulShutdownHandler shutdown;

  public HttpServer(String host, int port, HttpHandler routes, int workerThreads) {
    this.shutdown = new GracefulShutdownHandler(new BlockingHandler(new ProblemHandler(routes)));
    this.undertow =
        Undertow.builder()
            .addHttpListener(port, host)
            .setWorkerThreads(workerThreads)
            // A backstop for bodies nobody reads; RequestBody stops at its own, smaller limit first
            // (64 KiB, or 8 MiB for a batch) so it can still answer 413 before Undertow cuts the
            // connection.
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 2L * RequestBody.MAX_BATCH_BYTES)
            .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
            .setHandler(shutdown)
            .build();
  }

  public HttpServer start() {
    undertow.start();
    log.info("HTTP API listening on http://{}:{}", hostForLog(), port());
    return this;
  }

  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  private String hostForLog() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getHostString();
  }

  /** Stops accepting requests and waits for those in progress. */
  public void close(Duration grace) {
    shutdown.shutdown();
    try {
      if (!shutdown.awaitShutdown(grace.toMillis())) {
        log.warn("HTTP requests still running after {} s; closing anyway", grace.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    undertow.stop();
    log.info("HTTP API stopped");
  }
}
