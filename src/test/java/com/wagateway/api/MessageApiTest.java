package com.wagateway.api;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.support.Api.obj;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MessageApiTest {
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(MessageApiTest.class);
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String later() {
    return OffsetDateTime.now().plusDays(1).toString();
  }

  @Test
  void messageToAPhoneCreatesItsContactAndIsSent() throws Exception {
    String key = server.newClientKey("m");
    Api.Response r =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+972501234567", "name", "Dana", "text", "hi"))
            .send();
    assertEquals(201, r.status(), r.body());
    assertEquals("/messages/" + r.id(), r.header("Location"));
    long contact = r.json().get("contact_id").getAsLong();
    assertEquals(
        "Dana", api.get("/contacts/" + contact).key(key).send().json().get("name").getAsString());
    awaitStatus(key, r.id(), "sent");
  }

  @Test
  void messageToAContactIdUsesThatContact() {
    String key = server.newClientKey("m");
    long contact =
        api.post("/contacts").key(key).json(obj("name", "C", "phone", "+14155550400")).send().id();
    Api.Response r =
        api.post("/messages")
            .key(key)
            .json(obj("contact_id", contact, "text", "hi", "send_at", later()))
            .send();
    assertEquals(201, r.status(), r.body());
    assertEquals(contact, r.json().get("contact_id").getAsLong());
    assertEquals("+14155550400", r.json().get("phone").getAsString());
    assertEquals("pending", r.json().get("status").getAsString());
  }

  @Test
  void badMessageRequestsAreRefused() {
    String key = server.newClientKey("m");
    assertEquals(
        400, api.post("/messages").key(key).json(obj("text", "no recipient")).send().status());
    assertEquals(
        400,
        api.post("/messages")
            .key(key)
            .json(obj("contact_id", 1, "phone", "+14155550401", "text", "both"))
            .send()
            .status());
    assertEquals(
        400, api.post("/messages").key(key).json(obj("phone", "+14155550401")).send().status());
    assertEquals(
        400,
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+14155550401", "message", "seed's name"))
            .send()
            .status());
    assertEquals(
        400,
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+14155550401", "text", "x", "send_at", "tomorrow"))
            .send()
            .status());
    assertEquals(
        400,
        api.post("/messages").key(key).json(obj("contact_id", -3, "text", "x")).send().status());
    Api.Response unknown =
        api.post("/messages").key(key).json(obj("contact_id", 987654, "text", "x")).send();
    assertEquals(422, unknown.status());
    assertEquals(
        "contact_id",
        unknown
            .json()
            .getAsJsonArray("errors")
            .get(0)
            .getAsJsonObject()
            .get("field")
            .getAsString());
    assertEquals(
        400,
        api.post("/messages")
            .key(key)
            .header("Content-Type", "application/json")
            .json("[1,2]")
            .send()
            .status());
    assertEquals(
        400,
        api.post("/messages")
            .key(key)
            .header("Content-Type", "application/json")
            .json(
                "{\"contact_id\": null, \"phone\": \"+14155550401\", \"text\": \"explicit null\"}")
            .send()
            .status());
  }

  @Test
  void cancelWorksOnlyWhilePending() {
    String key = server.newClientKey("m");
    long id =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+14155550410", "text", "x", "send_at", later()))
            .send()
            .id();
    Api.Response cancelled = api.delete("/messages/" + id).key(key).send();
    assertEquals(200, cancelled.status());
    assertEquals("cancelled", cancelled.json().get("status").getAsString());
    assertEquals(200, api.delete("/messages/" + id).key(key).send().status());

    long sending =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+14155550410", "text", "y", "send_at", later()))
            .send()
            .id();
    setStatus(sending, "sending");
    Api.Response refused = api.delete("/messages/" + sending).key(key).send();
    assertEquals(409, refused.status());
    assertTrue(refused.json().get("detail").getAsString().contains("sending"));
    setStatus(sending, "sent");
    assertEquals(409, api.delete("/messages/" + sending).key(key).send().status());
    assertEquals(404, api.delete("/messages/99999999").key(key).send().status());
  }

  @Test
  void retryPutsAFailedMessageBackInTheQueue() throws Exception {
    String key = server.newClientKey("m");
    long id =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+14155550420", "text", "x", "send_at", later()))
            .send()
            .id();
    assertEquals(409, api.post("/messages/" + id + "/retry").key(key).send().status());
    server
        .db()
        .dsl()
        .update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, "failed")
        .set(MESSAGE_QUEUE.ATTEMPTS, 5)
        .set(MESSAGE_QUEUE.ERROR_REASON, "timeout")
        .where(MESSAGE_QUEUE.ID.eq(id))
        .execute();
    Api.Response retried = api.post("/messages/" + id + "/retry").key(key).send();
    assertEquals(200, retried.status(), retried.body());
    assertEquals(0, retried.json().get("attempts").getAsInt());
    assertTrue(retried.json().get("error_reason").isJsonNull());
    awaitStatus(key, id, "sent");
    assertEquals(409, api.post("/messages/" + id + "/retry").key(key).send().status());
    assertEquals(404, api.post("/messages/99999999/retry").key(key).send().status());
  }

  @Test
  void listIsNewestFirstAndFilters() {
    String key = server.newClientKey("m");
    long contact =
        api.post("/contacts").key(key).json(obj("name", "F", "phone", "+14155550430")).send().id();
    long a =
        api.post("/messages")
            .key(key)
            .json(obj("contact_id", contact, "text", "a", "send_at", later()))
            .send()
            .id();
    long b =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+14155550431", "text", "b", "send_at", later()))
            .send()
            .id();
    long c =
        api.post("/messages")
            .key(key)
            .json(obj("contact_id", contact, "text", "c", "send_at", later()))
            .send()
            .id();
    api.delete("/messages/" + b).key(key).send();

    assertEquals(List.of(c, b, a), ids(api.get("/messages").key(key).send().data()));
    assertEquals(
        List.of(c, a), ids(api.get("/messages?contact_id=" + contact).key(key).send().data()));
    assertEquals(List.of(b), ids(api.get("/messages?status=cancelled").key(key).send().data()));
    assertEquals(
        List.of(),
        ids(api.get("/messages?created_after=2099-01-01T00:00:00Z").key(key).send().data()));
    assertEquals(
        List.of(c, b, a),
        ids(
            api.get(
                    "/messages?created_after=2000-01-01T00:00:00%2B02:00"
                        + "&created_before=2099-01-01T00:00:00Z")
                .key(key)
                .send()
                .data()));
    assertEquals(400, api.get("/messages?status=lost").key(key).send().status());
    assertEquals(400, api.get("/messages?created_after=yesterday").key(key).send().status());
    assertEquals(400, api.get("/messages?contact_id=x").key(key).send().status());
  }

  @Test
  void listFiltersByAnyPartOfThePhoneAsPeopleWriteIt() {
    String key = server.newClientKey("m");
    long a =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+14155550440", "text", "a", "send_at", later()))
            .send()
            .id();
    long b =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+5511987650441", "text", "b", "send_at", later()))
            .send()
            .id();
    assertEquals(List.of(a), ids(api.get("/messages?phone=415555").key(key).send().data()));
    assertEquals(
        List.of(b), ids(api.get("/messages?phone=%2B55%2011%209876").key(key).send().data()));
    assertEquals(List.of(b, a), ids(api.get("/messages?phone=044").key(key).send().data()));
    Api.Response bad = api.get("/messages?phone=abc").key(key).send();
    assertEquals(400, bad.status());
    assertEquals(
        "phone",
        bad.json().getAsJsonArray("errors").get(0).getAsJsonObject().get("field").getAsString());
  }

  @Test
  void pagesNeitherSkipNorRepeatWhileMessagesArrive() throws Exception {
    // The writer below sends as fast as it can: more than the default quota of a minute.
    String key = server.newClientKey("m", 0, 0);
    Set<Long> before = new HashSet<>();
    for (int i = 0; i < 25; i++) {
      before.add(
          api.post("/messages")
              .key(key)
              .json(obj("phone", "+14155550440", "text", "m" + i, "send_at", later()))
              .send()
              .id());
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger written = new AtomicInteger();
    Thread writer =
        new Thread(
            () -> {
              while (!stop.get()) {
                api.post("/messages")
                    .key(key)
                    .json(obj("phone", "+14155550441", "text", "new", "send_at", later()))
                    .send();
                written.incrementAndGet();
              }
            });
    writer.start();
    List<Long> seen = new ArrayList<>();
    try {
      String cursor = null;
      do {
        Api.Response page =
            api.get("/messages?limit=4" + (cursor == null ? "" : "&cursor=" + cursor))
                .key(key)
                .send();
        seen.addAll(ids(page.data()));
        JsonElement next = page.json().get("next_cursor");
        cursor = next.isJsonNull() ? null : next.getAsString();
        // At least one message arrives between any two pages.
        int arrived = written.get();
        await().atMost(Duration.ofMinutes(2)).until(() -> written.get() > arrived);
      } while (cursor != null);
    } finally {
      stop.set(true);
      writer.join();
    }
    assertEquals(seen.size(), new HashSet<>(seen).size(), "no message twice");
    assertTrue(seen.containsAll(before), "every message that existed before paging began");
    for (int i = 1; i < seen.size(); i++) assertTrue(seen.get(i) < seen.get(i - 1), "newest first");
  }

  @Test
  void batchStoresAllInOrder() {
    String key = server.newClientKey("m");
    long contact =
        api.post("/contacts").key(key).json(obj("name", "B", "phone", "+14155550450")).send().id();
    JsonArray items = new JsonArray();
    items.add(obj("contact_id", contact, "text", "first", "send_at", later()));
    items.add(obj("phone", "+14155550451", "name", "New", "text", "second", "send_at", later()));
    items.add(obj("phone", "+14155550451", "text", "third", "send_at", later()));
    Api.Response r = api.post("/messages/batch").key(key).json(obj("messages", items)).send();
    assertEquals(201, r.status(), r.body());
    JsonArray data = r.data();
    assertEquals(3, data.size());
    assertEquals("first", data.get(0).getAsJsonObject().get("text").getAsString());
    assertEquals("third", data.get(2).getAsJsonObject().get("text").getAsString());
    assertEquals(
        data.get(1).getAsJsonObject().get("contact_id"),
        data.get(2).getAsJsonObject().get("contact_id"));
  }

  @Test
  void batchWithOneBadItemStoresNothingAndNamesEachBadItem() {
    String key = server.newClientKey("m");
    JsonArray items = new JsonArray();
    items.add(obj("phone", "+14155550460", "text", "ok"));
    items.add(obj("phone", "nope", "text", "bad phone"));
    items.add(obj("phone", "+14155550460"));
    items.add(JsonParser.parseString("42"));
    Api.Response r = api.post("/messages/batch").key(key).json(obj("messages", items)).send();
    assertEquals(400, r.status());
    JsonArray bad = r.json().getAsJsonArray("items");
    List<Integer> indexes = new ArrayList<>();
    bad.forEach(i -> indexes.add(i.getAsJsonObject().get("index").getAsInt()));
    assertEquals(List.of(1, 2, 3), indexes);
    assertEquals(
        "phone",
        bad.get(0)
            .getAsJsonObject()
            .getAsJsonArray("errors")
            .get(0)
            .getAsJsonObject()
            .get("field")
            .getAsString());

    JsonArray foreign = new JsonArray();
    foreign.add(obj("phone", "+14155550460", "text", "ok"));
    foreign.add(obj("contact_id", 987654321, "text", "not mine"));
    Api.Response unknown =
        api.post("/messages/batch").key(key).json(obj("messages", foreign)).send();
    assertEquals(422, unknown.status());
    assertEquals(
        1, unknown.json().getAsJsonArray("items").get(0).getAsJsonObject().get("index").getAsInt());
    assertEquals(0, api.get("/messages").key(key).send().data().size(), "nothing stored");
    assertEquals(0, api.get("/contacts").key(key).send().data().size(), "no contact either");
  }

  @Test
  void batchSizeIsOneToAThousand() {
    // A thousand messages at once is more than the default quota of a minute.
    String key = server.newClientKey("m", 0, 0);
    assertEquals(
        400,
        api.post("/messages/batch")
            .key(key)
            .json(obj("messages", new JsonArray()))
            .send()
            .status());
    assertEquals(400, api.post("/messages/batch").key(key).json(obj()).send().status());
    JsonArray many = new JsonArray();
    for (int i = 0; i < 1001; i++) many.add(obj("phone", "+14155550470", "text", "x"));
    assertEquals(
        400, api.post("/messages/batch").key(key).json(obj("messages", many)).send().status());
    many.remove(0);
    Api.Response full = api.post("/messages/batch").key(key).json(obj("messages", many)).send();
    assertEquals(201, full.status(), full.body());
    assertEquals(1000, full.data().size());
  }

  private static void setStatus(long id, String status) {
    server
        .db()
        .dsl()
        .update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, status)
        .where(MESSAGE_QUEUE.ID.eq(id))
        .execute();
  }

  private static List<Long> ids(JsonArray data) {
    List<Long> ids = new ArrayList<>();
    data.forEach(e -> ids.add(e.getAsJsonObject().get("id").getAsLong()));
    return ids;
  }

  private static void awaitStatus(String key, long id, String wanted) {
    await("message " + id + " " + wanted)
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> api.get("/messages/" + id).key(key).send().json().get("status").getAsString(),
            is(wanted));
  }
}
