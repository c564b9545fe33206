package com.wagateway.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.io.FilterInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The body of a route declared with {@link Router#upload}, read in blocking mode as it arrives. A
 * client that stops sending for the read timeout (WA_HTTP_READ_TIMEOUT) has its connection closed,
 * so a stalled upload cannot hold a request thread, and the transaction behind it, for ever.
 */
public final class StreamingBody extends FilterInputStream {
  private static final Logger log = LoggerFactory.getLogger(StreamingBody.class);
  static final AttachmentKey<Duration> TIMEOUT = AttachmentKey.create(Duration.class);

  private final HttpServerExchange exchange;
  private final long timeoutMillis;
  private volatile long read;
  private volatile boolean done;
  private long readAtLastCheck = -1;

  private StreamingBody(HttpServerExchange exchange, Duration timeout) {
    super(exchange.getInputStream());
    this.exchange = exchange;
    this.timeoutMillis = timeout.toMillis();
  }

  /** The request body of an upload route; closing it stops the watch, not the connection. */
  public static StreamingBody of(HttpServerExchange exchange) {
    Duration timeout = exchange.getAttachment(TIMEOUT);
    StreamingBody body =
        new StreamingBody(exchange, timeout == null ? Router.DEFAULT_READ_TIMEOUT : timeout);
    body.watch();
    return body;
  }

  private void watch() {
    exchange.getIoThread().executeAfter(this::check, timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private void check() {
    if (done) return;
    long now = read;
    if (now == readAtLastCheck) {
      log.info(
          "Closed a connection from {}: its {} {} upload stalled for {} ms after {} bytes"
              + " (WA_HTTP_READ_TIMEOUT)",
          exchange.getSourceAddress(),
          exchange.getRequestMethod(),
          exchange.getRequestPath(),
          timeoutMillis,
          now);
      IoUtils.safeClose(exchange.getConnection());
      return;
    }
    readAtLastCheck = now;
    watch();
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) read++;
    else done = true;
    return b;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    int n = super.read(bytes, offset, length);
    if (n > 0) read += n;
    else if (n < 0) done = true;
    return n;
  }

  /** Bytes read so far. */
  public long bytesRead() {
    return read;
  }

  /** Stops watching; the body's rest, if any, is drained or the connection closed by Undertow. */
  @Override
  public void close() {
    done = true;
  }
}
