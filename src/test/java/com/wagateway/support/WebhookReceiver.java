package com.wagateway.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver of webhooks on a local port: it keeps every request it got (headers and
 * body) and answers with the status the test sets, after holding the request while {@link #hold} is
 * on. It can stop and start again on the same port (a receiver that is down, then up).
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One POST as it arrived. */
  public record Request(Map<String, String> headers, String body, long arrivedNanos) {
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }

    public String type() {
      return json().get("type").getAsString();
    }
  }

  private final int port;
  private final List<Request> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(204);
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private final AtomicInteger inHand = new AtomicInteger();
  private HttpServer server;

  private WebhookReceiver(int port) {
    this.port = port;
  }

  /** A receiver listening now. */
  public static WebhookReceiver start() {
    WebhookReceiver r = new WebhookReceiver(freePort());
    r.up();
    return r;
  }

  /** A receiver whose port refuses connections until {@link #up()}. */
  public static WebhookReceiver down() {
    return new WebhookReceiver(freePort());
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void up() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          Map<String, String> headers = new java.util.HashMap<>();
          exchange
              .getRequestHeaders()
              .forEach(
                  (k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
          received.add(
              new Request(headers, new String(body, StandardCharsets.UTF_8), System.nanoTime()));
          inHand.incrementAndGet();
          try {
            hold.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            inHand.decrementAndGet();
          }
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/hooks";
  }

  public void answer(int status) {
    this.status.set(status);
  }

  /** Holds every request until {@link #release()}: a receiver that takes its time. */
  public void hold() {
    hold = new CountDownLatch(1);
  }

  public void release() {
    hold.countDown();
  }

  /** How many requests the receiver holds now, their answers not yet sent. */
  public int inHand() {
    return inHand.get();
  }

  public List<Request> received() {
    return List.copyOf(received);
  }

  public List<Request> received(String type) {
    return received.stream().filter(r -> r.type().equals(type)).toList();
  }

  @Override
  public synchronized void close() {
    release();
    if (server != null) server.stop(0);
  }
}
