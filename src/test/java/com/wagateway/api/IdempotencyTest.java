package com.wagateway.api;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonArray;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdempotencyTest {
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(IdempotencyTest.class);
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static int messagesOf(String key) {
    return api.get("/messages?limit=100").key(key).send().data().size();
  }

  @Test
  void sameKeyAndBodyAnswersTheOriginalAndCreatesNothing() {
    String key = server.newClientKey("i");
    String idem = UUID.randomUUID().toString();
    Api.Response first =
        api.post("/messages")
            .key(key)
            .header("Idempotency-Key", idem)
            .json(obj("phone", "+14155550500", "text", "once"))
            .send();
    assertEquals(201, first.status());
    assertNull(first.header("Idempotent-Replayed"));
    // Reformatted but equal JSON is the same request.
    Api.Response again =
        api.post("/messages")
            .key(key)
            .header("Idempotency-Key", idem)
            .header("Content-Type", "application/json")
            .json("{ \"phone\" : \"+14155550500\",  \"text\":\"once\" }")
            .send();
    assertEquals(201, again.status());
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(first.body(), again.body());
    assertEquals(first.header("Location"), again.header("Location"));
    assertEquals(1, messagesOf(key));
  }

  @Test
  void sameKeyWithAnotherBodyIsUnprocessable() {
    String key = server.newClientKey("i");
    String idem = UUID.randomUUID().toString();
    api.post("/messages")
        .key(key)
        .header("Idempotency-Key", idem)
        .json(obj("phone", "+14155550501", "text", "a"))
        .send();
    Api.Response other =
        api.post("/messages")
            .key(key)
            .header("Idempotency-Key", idem)
            .json(obj("phone", "+14155550501", "text", "b"))
            .send();
    assertEquals(422, other.status());
    JsonArray batch = new JsonArray();
    batch.add(obj("phone", "+14155550501", "text", "a"));
    assertEquals(
        422,
        api.post("/messages/batch")
            .key(key)
            .header("Idempotency-Key", idem)
            .json(obj("messages", batch))
            .send()
            .status(),
        "another route is another request");
    assertEquals(1, messagesOf(key));
  }

  @Test
  void keysArePerClient() {
    String a = server.newClientKey("i");
    String b = server.newClientKey("i");
    String idem = UUID.randomUUID().toString();
    Api.Response fromA =
        api.post("/messages")
            .key(a)
            .header("Idempotency-Key", idem)
            .json(obj("phone", "+14155550502", "text", "x"))
            .send();
    Api.Response fromB =
        api.post("/messages")
            .key(b)
            .header("Idempotency-Key", idem)
            .json(obj("phone", "+14155550502", "text", "x"))
            .send();
    assertEquals(201, fromB.status());
    assertNull(fromB.header("Idempotent-Replayed"));
    assertEquals(1, messagesOf(a));
    assertEquals(1, messagesOf(b));
    assertEquals(false, fromA.id() == fromB.id());
  }

  @Test
  void aRefusedRequestStoresNoKeySoItCanBeRetried() {
    String key = server.newClientKey("i");
    String idem = UUID.randomUUID().toString();
    assertEquals(
        422,
        api.post("/messages")
            .key(key)
            .header("Idempotency-Key", idem)
            .json(obj("contact_id", 999999, "text", "x"))
            .send()
            .status());
    assertEquals(
        201,
        api.post("/messages")
            .key(key)
            .header("Idempotency-Key", idem)
            .json(obj("phone", "+14155550503", "text", "x"))
            .send()
            .status());
  }

  @Test
  void seedRouteAndBatchAreIdempotentToo() {
    String key = server.newClientKey("i");
    String idem = UUID.randomUUID().toString();
    var body = obj("phone", "+14155550504", "message", "seed", "api_key", key);
    Api.Response first =
        api.post("/send-message/").header("Idempotency-Key", idem).json(body).send();
    Api.Response again =
        api.post("/send-message/").header("Idempotency-Key", idem).json(body).send();
    assertEquals(201, first.status());
    assertEquals(first.body(), again.body());

    String batchKey = UUID.randomUUID().toString();
    JsonArray items = new JsonArray();
    items.add(obj("phone", "+14155550504", "text", "1"));
    items.add(obj("phone", "+14155550505", "text", "2"));
    Api.Response b1 =
        api.post("/messages/batch")
            .key(key)
            .header("Idempotency-Key", batchKey)
            .json(obj("messages", items))
            .send();
    Api.Response b2 =
        api.post("/messages/batch")
            .key(key)
            .header("Idempotency-Key", batchKey)
            .json(obj("messages", items))
            .send();
    assertEquals(201, b2.status());
    assertEquals(b1.body(), b2.body());
    assertEquals(3, messagesOf(key));
  }

  @Test
  void malformedKeyIsRefused() {
    String key = server.newClientKey("i");
    assertEquals(
        400,
        api.post("/messages")
            .key(key)
            .header("Idempotency-Key", "has space")
            .json(obj("phone", "+14155550506", "text", "x"))
            .send()
            .status());
    assertEquals(
        400,
        api.post("/messages")
            .key(key)
            .header("Idempotency-Key", "k".repeat(256))
            .json(obj("phone", "+14155550506", "text", "x"))
            .send()
            .status());
  }

  @Test
  void twentyConcurrentRequestsWithOneKeyCreateOneMessage() throws Exception {
    String key = server.newClientKey("i");
    String idem = UUID.randomUUID().toString();
    int threads = 20;
    String sendAt = OffsetDateTime.now().plusDays(1).toString();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Api.Response>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return api.post("/messages")
                      .key(key)
                      .header("Idempotency-Key", idem)
                      .json(obj("phone", "+14155550507", "text", "exactly once", "send_at", sendAt))
                      .send();
                }));
      }
      go.countDown();
      Set<String> bodies = new HashSet<>();
      for (Future<Api.Response> f : answers) {
        Api.Response r = f.get();
        assertEquals(201, r.status(), r.body());
        bodies.add(r.body());
      }
      assertEquals(1, bodies.size(), "every thread got the same answer");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, messagesOf(key));
    assertEquals(
        1, server.db().dsl().fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.TEXT.eq("exactly once")));
  }
}
