package com.wagateway.http;

import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Reads a request's whole body on the I/O thread, without holding a request thread, then hands the
 * exchange to a request thread. A client that announces a body and sends it slowly, or never, holds
 * a connection and a buffer of at most the route's limit, never one of the few request threads; its
 * connection is closed when the body has not arrived within the read timeout.
 */
final class BodyReader {
  private static final Logger log = LoggerFactory.getLogger(BodyReader.class);
  static final AttachmentKey<byte[]> BODY = AttachmentKey.create(byte[].class);
  private static final byte[] EMPTY = new byte[0];

  private final Duration timeout;

  BodyReader(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Reads at most {@code maxBytes}, then dispatches {@code then} to a request thread. Runs on the
   * I/O thread; an announced body over the limit is refused (thrown: 413) before a byte of it is
   * read, one that turns out too large or unreadable is answered by {@code refuse}.
   */
  void readThen(
      HttpServerExchange exchange, int maxBytes, HttpHandler then, Router.ProblemWriter refuse) {
    if (!hasBody(exchange)) {
      exchange.putAttachment(BODY, EMPTY);
      exchange.dispatch(then);
      return;
    }
    if (exchange.getRequestContentLength() > maxBytes) throw tooLarge(exchange, maxBytes);
    AtomicBoolean settled = new AtomicBoolean();
    XnioExecutor.Key deadline =
        exchange
            .getIoThread()
            .executeAfter(
                () -> {
                  if (settled.compareAndSet(false, true)) {
                    log.info(
                        "Closed a connection from {}: its {} {} body did not arrive within {} ms"
                            + " (WA_HTTP_READ_TIMEOUT)",
                        exchange.getSourceAddress(),
                        exchange.getRequestMethod(),
                        exchange.getRequestPath(),
                        timeout.toMillis());
                    IoUtils.safeClose(exchange.getConnection());
                  }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    Receiver receiver = exchange.getRequestReceiver();
    receiver.setMaxBufferSize(maxBytes);
    receiver.receiveFullBytes(
        (done, bytes) -> {
          if (!settled.compareAndSet(false, true)) return;
          deadline.remove();
          done.putAttachment(BODY, bytes);
          done.dispatch(then);
        },
        (failed, e) -> {
          if (!settled.compareAndSet(false, true)) return;
          deadline.remove();
          failed.setPersistent(false);
          refuse.write(failed, unreadable(failed, e, maxBytes));
        });
  }

  private static boolean hasBody(HttpServerExchange exchange) {
    return exchange.getRequestContentLength() > 0
        || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
  }

  private static ApiException unreadable(HttpServerExchange exchange, IOException e, int maxBytes) {
    if (e instanceof Receiver.RequestToLargeException
        || e instanceof io.undertow.server.RequestTooBigException) {
      return tooLarge(exchange, maxBytes);
    }
    // A malformed chunked encoding (a chunk size that is not a number or does not fit), or a
    // connection that broke mid-body: either way the body as sent cannot be read.
    return ApiException.badRequest(
        "The request body could not be read: "
            + (e.getMessage() == null ? "malformed" : e.getMessage().replaceAll("^UT\\d+: ", "")));
  }

  static ApiException tooLarge(HttpServerExchange exchange, int maxBytes) {
    // An announced body the server may read is drained after the answer, as Undertow does for a
    // persistent connection: closing with it unread makes the kernel reset the connection, and the
    // client may lose the 413 before reading it. Anything larger, or of unknown length, is never
    // read, and the connection cannot carry another request.
    long length = exchange.getRequestContentLength();
    if (length < 0 || length > exchange.getMaxEntitySize()) exchange.setPersistent(false);
    return ApiException.payloadTooLarge(
        "The request body must be at most " + maxBytes / 1024 + " KiB");
  }
}
