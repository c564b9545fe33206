package com.wagateway.media;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.sun.net.httpserver.HttpServer;
import com.wagateway.support.Api;
import com.wagateway.support.MediaFiles;
import com.wagateway.support.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code media_url}: the gateway fetches the file once, guarded like a callback URL. The files come
 * from a real HTTP server on this machine, which the private-address guard refuses unless
 * WA_WEBHOOK_CALLBACK_PRIVATE=true: one gateway allows it, one does not.
 */
class MediaUrlTest {
  private static final byte[] PDF = MediaFiles.pdf(700_000, 1);
  private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private static final CountDownLatch release = new CountDownLatch(1);
  private static HttpServer files;
  private static TestServer allowing;
  private static TestServer guarded;

  @BeforeAll
  static void start() throws IOException {
    files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    files.setExecutor(Executors.newCachedThreadPool());
    files.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          switch (path) {
            case "/files/invoice.pdf" -> {
              ex.getResponseHeaders().add("Content-Type", "application/pdf");
              ex.sendResponseHeaders(200, PDF.length);
              try (OutputStream out = ex.getResponseBody()) {
                out.write(PDF);
              }
            }
            case "/files/moved.pdf" -> {
              ex.getResponseHeaders().add("Location", "/files/invoice.pdf");
              ex.sendResponseHeaders(302, -1);
            }
            case "/files/big.png" -> {
              byte[] png = MediaFiles.png(60_001, 2);
              ex.getResponseHeaders().add("Content-Type", "image/png");
              ex.sendResponseHeaders(200, png.length);
              try (OutputStream out = ex.getResponseBody()) {
                out.write(png);
              }
            }
            case "/files/stalls.pdf" -> {
              ex.getResponseHeaders().add("Content-Type", "application/pdf");
              ex.sendResponseHeaders(200, PDF.length);
              OutputStream out = ex.getResponseBody();
              out.write(PDF, 0, 1000);
              out.flush();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              ex.close();
            }
            default -> ex.sendResponseHeaders(404, -1);
          }
          ex.close();
        });
    files.start();
    allowing =
        TestServer.start(
            MediaUrlTest.class,
            Map.of(
                "WA_WEBHOOK_CALLBACK_PRIVATE", "true",
                "WA_MEDIA_MAX_IMAGE_BYTES", "60000",
                // Long enough for a file to arrive on a loaded machine; the stalling one still
                // waits it out.
                "WA_MEDIA_URL_TIMEOUT", "8s"));
    guarded = TestServer.start(MediaUrlTest.class);
  }

  @AfterAll
  static void stop() {
    release.countDown();
    allowing.close();
    guarded.close();
    files.stop(0);
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + files.getAddress().getPort() + path;
  }

  private static int hitsOf(String path) {
    return hits.getOrDefault(path, new AtomicInteger()).get();
  }

  @Test
  void fileFromALocalServerIsFetchedAndStoredAsMedia() {
    Api api = allowing.api();
    String key = allowing.newClientKey("url");
    Api.Response r =
        api.post("/messages")
            .key(key)
            .json(
                obj(
                    "phone",
                    "+972501234567",
                    "text",
                    "Invoice",
                    "media_url",
                    url("/files/invoice.pdf")))
            .send();
    assertEquals(201, r.status(), r.body());
    long media = r.json().get("media_id").getAsLong();
    Api.Response stored = api.get("/media/" + media).key(key).send();
    assertEquals(MediaFiles.sha256(PDF), stored.json().get("sha256").getAsString());
    assertEquals("invoice.pdf", stored.json().get("file_name").getAsString());
  }

  @Test
  void oneUrlInABatchIsFetchedOnce() {
    Api api = allowing.api();
    String key = allowing.newClientKey("url");
    int before = hitsOf("/files/invoice.pdf");
    JsonArray items = new JsonArray();
    for (int i = 0; i < 5; i++) {
      items.add(obj("phone", "+97250123" + (5000 + i), "media_url", url("/files/invoice.pdf")));
    }
    Api.Response r = api.post("/messages/batch").key(key).json(obj("messages", items)).send();
    assertEquals(201, r.status(), r.body());
    assertEquals(before + 1, hitsOf("/files/invoice.pdf"));
    long media = r.data().get(0).getAsJsonObject().get("media_id").getAsLong();
    assertEquals(
        5, allowing.db().dsl().fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.MEDIA_ID.eq(media)));
  }

  @Test
  void redirectIsNotFollowed() {
    Api.Response r =
        allowing
            .api()
            .post("/messages")
            .key(allowing.newClientKey("url"))
            .json(obj("phone", "+972501234567", "media_url", url("/files/moved.pdf")))
            .send();
    assertEquals(422, r.status(), r.body());
    assertTrue(r.body().contains("media_url") && r.body().contains("302"), r.body());
  }

  @Test
  void fileOverItsKindsLimitIsRefusedNamingTheLimit() {
    Api.Response r =
        allowing
            .api()
            .post("/messages")
            .key(allowing.newClientKey("url"))
            .json(obj("phone", "+972501234567", "media_url", url("/files/big.png")))
            .send();
    assertEquals(422, r.status(), r.body());
    assertTrue(r.body().contains("WA_MEDIA_MAX_IMAGE_BYTES"), r.body());
  }

  @Test
  void bodyThatStallsIsCutOffAtTheTimeout() {
    Api.Response r =
        allowing
            .api()
            .post("/messages")
            .key(allowing.newClientKey("url"))
            .json(obj("phone", "+972501234567", "media_url", url("/files/stalls.pdf")))
            .send();
    assertEquals(422, r.status(), r.body());
    assertTrue(r.body().contains("media_url"), r.body());
  }

  @Test
  void privateAddressIsRefusedWithoutBeingFetched() {
    int before = hitsOf("/files/invoice.pdf");
    long messages = guarded.db().dsl().fetchCount(MESSAGE_QUEUE);
    Api.Response r =
        guarded
            .api()
            .post("/messages")
            .key(guarded.newClientKey("url"))
            .json(obj("phone", "+972501234567", "media_url", url("/files/invoice.pdf")))
            .send();
    assertEquals(422, r.status(), r.body());
    assertTrue(r.body().contains("media_url") && r.body().contains("127.0.0.1"), r.body());
    assertEquals(before, hitsOf("/files/invoice.pdf"));
    assertEquals(messages, guarded.db().dsl().fetchCount(MESSAGE_QUEUE));
  }

  @Test
  void mediaIdAndMediaUrlTogetherAreRefused400() {
    Api.Response r =
        guarded
            .api()
            .post("/messages")
            .key(guarded.newClientKey("url"))
            .json(
                obj(
                    "phone",
                    "+972501234567",
                    "media_id",
                    1,
                    "media_url",
                    url("/files/invoice.pdf")))
            .send();
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("media_url"), r.body());
  }
}
