package com.wagateway.receipt;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.support.Api.obj;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.wagateway.support.Api;
import com.wagateway.support.StandardWebhooks;
import com.wagateway.support.TestServer;
import com.wagateway.support.WebhookReceiver;
import com.wagateway.webhook.Outbox;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Receipts as an integration sees them, over HTTP from a real server (dry-run sender): the
 * message's fields, the list filters, and signed webhooks an endpoint subscribed to. The sender's
 * page gives the key; here it is written as the worker would have.
 */
class ReceiptApiTest {
  private static final String ADMIN = TestServer.ADMIN_TOKEN;
  private static final AtomicInteger clients = new AtomicInteger();
  private static TestServer server;
  private static Api api;
  private static ReceiptStore store;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            ReceiptApiTest.class,
            Map.of(
                "WA_WEBHOOK_POLL_INTERVAL", "50ms",
                "WA_WEBHOOK_RETRY_DELAY", "50ms",
                "WA_WEBHOOK_CALLBACK_PRIVATE", "true"));
    api = server.api();
    store =
        new ReceiptStore(server.db().dsl(), new Outbox(Duration.ofMinutes(5)), ReceiptEvents.NONE);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String[] newClient() {
    String name = "receipts-" + clients.incrementAndGet();
    Api.Response created = api.post("/admin/clients").key(ADMIN).json(obj("name", name)).send();
    assertEquals(201, created.status(), created.body());
    return new String[] {name, created.json().get("api_key").getAsString()};
  }

  /** Sends a message and waits for its tick; then gives it the key the page would have shown. */
  private static long sentWithKey(String key, String phone, String waMessageId) {
    long id = api.post("/messages").key(key).json(obj("phone", phone, "text", "hi")).send().id();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> api.get("/messages/" + id).key(key).send().json().get("status").getAsString(),
            is("sent"));
    server
        .db()
        .dsl()
        .update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.WA_MESSAGE_ID, waMessageId)
        .where(MESSAGE_QUEUE.ID.eq(id))
        .execute();
    return id;
  }

  private static List<Long> ids(Api.Response list) {
    return StreamSupport.stream(list.data().spliterator(), false)
        .map(e -> e.getAsJsonObject().get("id").getAsLong())
        .toList();
  }

  @Test
  void theMessageShowsItsKeyAndWhenItWasDeliveredAndRead() {
    String key = newClient()[1];
    long id = sentWithKey(key, "+972501230001", "3EB0A1B2C3D4E5F60001");
    store.seen("default", "3EB0A1B2C3D4E5F60001", Receipt.DELIVERED);
    store.seen("default", "3EB0A1B2C3D4E5F60001", Receipt.READ);

    JsonObject m = api.get("/messages/" + id).key(key).send().json();

    assertEquals("read", m.get("status").getAsString());
    assertEquals("3EB0A1B2C3D4E5F60001", m.get("wa_message_id").getAsString());
    OffsetDateTime sent = OffsetDateTime.parse(m.get("sent_at").getAsString());
    OffsetDateTime delivered = OffsetDateTime.parse(m.get("delivered_at").getAsString());
    OffsetDateTime read = OffsetDateTime.parse(m.get("read_at").getAsString());
    assertFalse(delivered.isBefore(sent));
    assertTrue(read.isAfter(delivered));
  }

  @Test
  void theListsFilterByDeliveredAndRead() {
    String[] client = newClient();
    String key = client[1];
    long delivered = sentWithKey(key, "+972501230002", "K-DELIVERED");
    long read = sentWithKey(key, "+972501230003", "K-READ");
    long sent = sentWithKey(key, "+972501230004", "K-SENT");
    store.seen("default", "K-DELIVERED", Receipt.DELIVERED);
    store.seen("default", "K-READ", Receipt.READ);

    assertEquals(List.of(delivered), ids(api.get("/messages?status=delivered").key(key).send()));
    assertEquals(List.of(read), ids(api.get("/messages?status=read").key(key).send()));
    assertEquals(List.of(sent), ids(api.get("/messages?status=sent").key(key).send()));
    assertEquals(
        List.of(read),
        ids(api.get("/admin/messages?status=read&client=" + client[0]).key(ADMIN).send()));
  }

  @Test
  void anEndpointSubscribedToReceiptsHearsDeliveredThenReadSigned() {
    String[] client = newClient();
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      JsonArray types = new JsonArray();
      types.add("message.delivered");
      types.add("message.read");
      Api.Response endpoint =
          api.post("/admin/clients/" + client[0] + "/webhooks")
              .key(ADMIN)
              .json(obj("url", receiver.url(), "events", types))
              .send();
      assertEquals(201, endpoint.status(), endpoint.body());
      String secret = endpoint.json().get("secret").getAsString();
      long id = sentWithKey(client[1], "+972501230005", "K-HOOKED");

      store.seen("default", "K-HOOKED", Receipt.READ);

      await().atMost(Duration.ofMinutes(2)).until(() -> receiver.received().size() == 2);
      List<WebhookReceiver.Request> got = receiver.received();
      assertEquals(
          List.of("message.delivered", "message.read"),
          got.stream().map(WebhookReceiver.Request::type).toList());
      for (WebhookReceiver.Request r : got) {
        assertTrue(StandardWebhooks.verifies(secret, r));
        JsonElement message = r.json().getAsJsonObject("data").get("message");
        assertEquals(id, message.getAsJsonObject().get("id").getAsLong());
        assertEquals("K-HOOKED", message.getAsJsonObject().get("wa_message_id").getAsString());
      }
    }
  }
}
