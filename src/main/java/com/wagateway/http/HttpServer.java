package com.wagateway.http;

import com.wagateway.config.ConfigException;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Undertow server. Requests are routed and their bodies read on the I/O threads; the
 * work runs on the request threads (see {@link Router}); failures become problem+json in {@link
 * ProblemHandler}.
 */
public final class HttpServer {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
  // A kept-alive connection with no request for this long is closed.
  private static final Duration IDLE_CONNECTION = Duration.ofSeconds(60);

  private final Undertow undertow;
  private final GracefulShutdownHandler shutdown;
  private final String host;
  private final int port;

  /** {@code readTimeout}: the longest a client may take to send its headers, and its body. */
  public HttpServer(
      String host, int port, HttpHandler routes, int workerThreads, Duration readTimeout) {
    this(host, port, routes, workerThreads, readTimeout, 2L * RequestBody.MAX_BATCH_BYTES);
  }

  /**
   * {@code maxEntitySize}: the most any request body may carry. Undertow fixes a chunked body's
   * limit when the request arrives, before any route is known, so it must cover the largest route
   * (file uploads); each route still stops at its own, smaller limit.
   */
  public HttpServer(
      String host,
      int port,
      HttpHandler routes,
      int workerThreads,
      Duration readTimeout,
      long maxEntitySize) {
    this.host = host;
    this.port = port;
    this.shutdown =
        new GracefulShutdownHandler(
            new SecurityHeaders(new TransferCodings(new ProblemHandler(routes))));
    int readMillis = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
    this.undertow =
        Undertow.builder()
            .addHttpListener(port, host)
            .setWorkerThreads(workerThreads)
            // A backstop for bodies nobody reads; the router stops at each route's own, smaller
            // limit first (64 KiB, 8 MiB for a batch, the media limits for uploads) and answers
            // 413.
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, maxEntitySize)
            .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
            // Headers that trickle in: the connection is closed once this much time has passed
            // since the request's first byte. The body has its own deadline in BodyReader.
            .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, readMillis)
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) IDLE_CONNECTION.toMillis())
            .setHandler(shutdown)
            .build();
  }

  /** Starts listening; a port that cannot be had stops start-up with one line naming it. */
  public HttpServer start() {
    try {
      undertow.start();
    } catch (RuntimeException e) {
      BindException bind = bindFailure(e);
      if (bind == null) throw e;
      try {
        undertow.stop();
      } catch (RuntimeException ignored) {
        // nothing was listening
      }
      throw new ConfigException(
          "Cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + bind.getMessage()
              + "): another program holds WA_HTTP_PORT="
              + port
              + ", or WA_HTTP_HOST="
              + host
              + " is not an address of this machine. Stop the other program or set WA_HTTP_PORT"
              + " to a free port.");
    }
    log.info("HTTP API listening on http://{}:{}", hostForLog(), port());
    return this;
  }

  private static BindException bindFailure(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof BindException bind) return bind;
    }
    return null;
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
