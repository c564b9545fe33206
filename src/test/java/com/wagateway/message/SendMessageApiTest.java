package com.wagateway.message;

import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.db.schema.tables.records.MessageQueueRecord;
import com.wagateway.queue.Handoff;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.queue.SendResult;
import com.wagateway.queue.Sender;
import com.wagateway.support.Api;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendMessageApiTest {
  static TestDatabase db;
  static App app;
  static Api api;
  static String otherKey;

  @BeforeAll
  static void start(@TempDir Path dir) {
    db = TestDatabase.create(SendMessageApiTest.class);
    ClientService clients = new ClientService(db.dsl());
    clients.create("infinity", "123456");
    otherKey = clients.create("other", null).apiKey();
    // A worker that never sends (poll once an hour) keeps rows pending for inspection.
    app =
        App.serve(
            TestConfig.config(db, dir, Map.of("WA_WORKER_POLL_INTERVAL", "1h")),
            c -> new NeverReadySender());
    api = new Api(app.httpPort());
  }

  @AfterAll
  static void stop() {
    app.close();
    db.close();
  }

  static String seed(String phone, String name, String text) {
    return "{\"client_name\": \"infinity\", \"api_key\": \"123456\", \"phone\": \""
        + phone
        + "\", \"name\": \""
        + name
        + "\", \"text\": \""
        + text
        + "\"}";
  }

  @Test
  void seedRequestIsStoredAsPendingWithItsContact() {
    Api.Response r =
        api.post("/send-message/").json(seed("+972501234567", "Dani", "Hello Dani")).send();

    assertEquals(201, r.status(), r.body());
    JsonObject body = r.json();
    long id = body.get("id").getAsLong();
    assertEquals("/messages/" + id, r.header("Location"));
    assertEquals("pending", body.get("status").getAsString());
    assertEquals("+972501234567", body.get("phone").getAsString());
    MessageQueueRecord row =
        db.dsl().selectFrom(MESSAGE_QUEUE).where(MESSAGE_QUEUE.ID.eq(id)).fetchOne();
    assertNotNull(row);
    assertEquals("Hello Dani", row.getText());
    assertEquals("pending", row.getStatus());
    assertEquals(
        "Dani",
        db.dsl()
            .select(CONTACT.NAME)
            .from(CONTACT)
            .where(CONTACT.ID.eq(row.getContactId()))
            .fetchOne()
            .value1());
    assertEquals(body.get("contact_id").getAsLong(), row.getContactId());
  }

  @Test
  void pathWithoutTrailingSlashAndBearerKeyAndMessageFieldAreAccepted() {
    Api.Response r =
        api.post("/send-message")
            .header("Authorization", "Bearer 123456")
            .json("{\"phone\": \"+14155552671\", \"name\": \"Ann\", \"message\": \"hi\"}")
            .send();
    assertEquals(201, r.status(), r.body());
  }

  @Test
  void sameNumberWrittenDifferentlyUpdatesTheNameAndAddsNoContact() {
    Api.Response first =
        api.post("/send-message/").json(seed("+972 52-765-4321", "Old name", "one")).send();
    Api.Response second =
        api.post("/send-message/").json(seed("+972527654321", "New name", "two")).send();

    assertEquals(201, first.status(), first.body());
    assertEquals(201, second.status(), second.body());
    assertEquals(
        first.json().get("contact_id").getAsLong(), second.json().get("contact_id").getAsLong());
    List<String> names =
        db.dsl()
            .select(CONTACT.NAME)
            .from(CONTACT)
            .where(CONTACT.PHONE.eq("+972527654321"))
            .fetch(CONTACT.NAME);
    assertEquals(List.of("New name"), names);
  }

  @Test
  void twentyConcurrentFirstSendsToOneNumberMakeOneContact() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int n = i;
      answers.add(
          pool.submit(
              () -> {
                go.await();
                return api.post("/send-message/")
                    .json(seed("+5511987654321", "Racer " + n, "race " + n))
                    .send()
                    .status();
              }));
    }
    go.countDown();
    for (Future<Integer> answer : answers) assertEquals(201, answer.get());
    pool.shutdown();

    assertEquals(1, db.dsl().fetchCount(CONTACT, CONTACT.PHONE.eq("+5511987654321")));
    long contactId =
        db.dsl()
            .select(CONTACT.ID)
            .from(CONTACT)
            .where(CONTACT.PHONE.eq("+5511987654321"))
            .fetchOne()
            .value1();
    assertEquals(20, db.dsl().fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.CONTACT_ID.eq(contactId)));
  }

  @Test
  void scheduledMessageKeepsItsSendAt() {
    OffsetDateTime at = OffsetDateTime.now().plusDays(2).withNano(0);
    Api.Response r =
        api.post("/send-message/")
            .json(
                "{\"client_name\":\"infinity\",\"api_key\":\"123456\",\"phone\":\"+14155552671\","
                    + "\"name\":\"A\",\"text\":\"later\",\"send_at\":\""
                    + at
                    + "\"}")
            .send();
    assertEquals(201, r.status(), r.body());
    assertEquals(
        at.toInstant(), OffsetDateTime.parse(r.json().get("send_at").getAsString()).toInstant());
  }

  @Test
  void ownerReadsItsMessageAndAnotherClientGets404() {
    long id =
        api.post("/send-message/")
            .json(seed("+972501234567", "Dani", "mine"))
            .send()
            .json()
            .get("id")
            .getAsLong();

    Api.Response owner = api.get("/messages/" + id).header("Authorization", "Bearer 123456").send();
    assertEquals(200, owner.status(), owner.body());
    assertEquals("pending", owner.json().get("status").getAsString());
    assertEquals(0, owner.json().get("attempts").getAsInt());
    assertTrue(owner.json().get("sent_at").isJsonNull());
    assertTrue(owner.json().has("error_reason"));

    Api.Response stranger =
        api.get("/messages/" + id).header("Authorization", "Bearer " + otherKey).send();
    assertEquals(404, stranger.status());
    assertEquals(
        404,
        api.get("/messages/99999999").header("Authorization", "Bearer 123456").send().status());
    assertEquals(
        404, api.get("/messages/abc").header("Authorization", "Bearer 123456").send().status());
  }

  /** Keeps messages pending: the worker claims nothing while its sender is not ready. */
  static final class NeverReadySender implements Sender {
    @Override
    public SendResult send(OutgoingMessage message, Handoff handoff) {
      throw new AssertionError("nothing should be sent");
    }

    @Override
    public boolean ready() {
      return false;
    }
  }
}
