package com.wagateway.webhook;

import static com.wagateway.db.schema.Tables.WEBHOOK_ATTEMPT;
import static com.wagateway.db.schema.Tables.WEBHOOK_DELIVERY;
import static com.wagateway.support.Api.obj;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.wagateway.support.Api;
import com.wagateway.support.StandardWebhooks;
import com.wagateway.support.TestServer;
import com.wagateway.support.WebhookReceiver;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Status webhooks end to end: a real server sending with the dry-run sender, real local receivers,
 * signatures checked by the Standard Webhooks rules as a receiver would. Retries are fast and a
 * delivery dies after 3 s here, so every path is seen in seconds.
 */
class WebhookDeliveryTest {
  private static final String ADMIN = TestServer.ADMIN_TOKEN;
  private static final AtomicInteger clients = new AtomicInteger();
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            WebhookDeliveryTest.class,
            Map.of(
                "WA_WEBHOOK_POLL_INTERVAL", "50ms",
                "WA_WEBHOOK_RETRY_DELAY", "50ms",
                "WA_WEBHOOK_RETRY_MAX_DELAY", "200ms",
                "WA_WEBHOOK_MAX_AGE", "3s",
                "WA_WEBHOOK_TIMEOUT", "2s",
                // The receivers here are local; CallbackGuardTest keeps the default.
                "WA_WEBHOOK_CALLBACK_PRIVATE", "true"));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A new client; answers its name and key. */
  private static String[] newClient() {
    String name = "hooked-" + clients.incrementAndGet();
    Api.Response created = api.post("/admin/clients").key(ADMIN).json(obj("name", name)).send();
    assertEquals(201, created.status(), created.body());
    return new String[] {name, created.json().get("api_key").getAsString()};
  }

  /** Adds an endpoint; answers the whole answer (id and secret). */
  private static JsonObject addEndpoint(String client, String url, String... events) {
    JsonArray types = new JsonArray();
    for (String e : events) types.add(e);
    JsonObject body = obj("url", url);
    if (events.length > 0) body.add("events", types);
    Api.Response r =
        api.post("/admin/clients/" + client + "/webhooks").key(ADMIN).json(body).send();
    assertEquals(201, r.status(), r.body());
    return r.json();
  }

  private static long send(String key, String text) {
    Api.Response r =
        api.post("/messages").key(key).json(obj("phone", "+972501234567", "text", text)).send();
    assertEquals(201, r.status(), r.body());
    return r.id();
  }

  @Test
  void sentMessageIsDeliveredOnceSignedByTheStandardWebhooksRules() {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      String[] client = newClient();
      JsonObject endpoint = addEndpoint(client[0], receiver.url());
      String secret = endpoint.get("secret").getAsString();
      assertTrue(secret.startsWith("whsec_"), secret);

      long id = send(client[1], "hello");

      await().atMost(Duration.ofMinutes(2)).until(() -> receiver.received().size() == 1);
      WebhookReceiver.Request got = receiver.received().get(0);
      assertTrue(StandardWebhooks.verifies(secret, got), got.headers().toString());
      assertFalse(
          StandardWebhooks.verifies(WebhookSigner.newSecret(), got), "another secret verifies");
      assertEquals("message.sent", got.type());
      JsonObject message = got.json().getAsJsonObject("data").getAsJsonObject("message");
      assertEquals(id, message.get("id").getAsLong());
      assertEquals("sent", message.get("status").getAsString());
      assertEquals("hello", message.get("text").getAsString());
      assertTrue(got.header("webhook-id").startsWith("evt_"));
      OffsetDateTime.parse(got.json().get("timestamp").getAsString());

      JsonObject shown = api.get("/messages/" + id).key(client[1]).send().json();
      JsonObject event = shown.getAsJsonArray("events").get(0).getAsJsonObject();
      assertEquals(got.header("webhook-id"), event.get("id").getAsString());
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  api.get("/messages/" + id)
                      .key(client[1])
                      .send()
                      .json()
                      .getAsJsonArray("events")
                      .get(0)
                      .getAsJsonObject()
                      .getAsJsonArray("deliveries")
                      .get(0)
                      .getAsJsonObject()
                      .get("state")
                      .getAsString()
                      .equals("delivered"));
      // Delivered means done: nothing more arrives.
      await().during(Duration.ofMillis(500)).until(() -> receiver.received().size() == 1);
      String metrics = api.get("/metrics").send().body();
      assertTrue(
          metrics.matches("(?s).*wa_webhook_deliveries_total\\{result=\"delivered\"} [1-9].*"),
          metrics);
      assertTrue(metrics.contains("wa_webhook_oldest_undelivered_age_seconds"), metrics);
    }
  }

  @Test
  void receiverDownThenUpGetsTheEventOnceAfterRetries() {
    try (WebhookReceiver receiver = WebhookReceiver.down()) {
      String[] client = newClient();
      JsonObject endpoint = addEndpoint(client[0], receiver.url());
      long endpointId = endpoint.get("id").getAsLong();
      send(client[1], "while down");

      await().atMost(Duration.ofMinutes(2)).until(() -> attemptsOf(endpointId) >= 2);
      receiver.up();

      await().atMost(Duration.ofMinutes(2)).until(() -> receiver.received().size() == 1);
      await().during(Duration.ofMillis(500)).until(() -> receiver.received().size() == 1);
      JsonObject delivery = deliveries(client[0], endpointId, "delivered").get(0).getAsJsonObject();
      JsonArray log = delivery.getAsJsonArray("attempt_log");
      assertTrue(log.size() >= 3, log.toString());
      assertTrue(log.get(0).getAsJsonObject().get("status_code").isJsonNull(), log.toString());
      assertFalse(log.get(0).getAsJsonObject().get("error").isJsonNull(), log.toString());
      assertEquals(204, log.get(log.size() - 1).getAsJsonObject().get("status_code").getAsInt());
    }
  }

  @Test
  void receiverAnswering500IsDeadAfterTheLimitThenRedeliveredByHand() {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      receiver.answer(500);
      String[] client = newClient();
      long endpointId = addEndpoint(client[0], receiver.url()).get("id").getAsLong();
      send(client[1], "to a broken receiver");

      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> deliveries(client[0], endpointId, "dead").size() == 1);
      int attemptsWhenDead = receiver.received().size();
      assertTrue(attemptsWhenDead >= 2, "attempts: " + attemptsWhenDead);
      JsonObject dead = deliveries(client[0], endpointId, "dead").get(0).getAsJsonObject();
      assertEquals(500, dead.get("last_status").getAsInt());
      await()
          .during(Duration.ofMillis(400))
          .until(() -> receiver.received().size() == attemptsWhenDead);

      receiver.answer(200);
      Api.Response redelivered =
          api.post("/admin/clients/" + client[0] + "/webhooks/" + endpointId + "/redeliver")
              .key(ADMIN)
              .send();
      assertEquals(200, redelivered.status(), redelivered.body());
      assertEquals(1, redelivered.json().get("redelivered").getAsInt());
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> deliveries(client[0], endpointId, "delivered").size() == 1);
      assertEquals(attemptsWhenDead + 1, receiver.received().size());
      // Every attempt carried the same event.
      assertEquals(
          1, receiver.received().stream().map(r -> r.header("webhook-id")).distinct().count());
    }
  }

  @Test
  void duringARotationOverlapBothSecretsSign() {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      String[] client = newClient();
      JsonObject endpoint = addEndpoint(client[0], receiver.url());
      String oldSecret = endpoint.get("secret").getAsString();
      long endpointId = endpoint.get("id").getAsLong();
      Api.Response rotated =
          api.post("/admin/clients/" + client[0] + "/webhooks/" + endpointId + "/rotate-secret")
              .key(ADMIN)
              .send();
      assertEquals(200, rotated.status(), rotated.body());
      String newSecret = rotated.json().get("secret").getAsString();
      assertFalse(newSecret.equals(oldSecret));
      assertFalse(rotated.json().get("previous_secret_until").isJsonNull());

      send(client[1], "after rotation");

      await().atMost(Duration.ofMinutes(2)).until(() -> receiver.received().size() == 1);
      WebhookReceiver.Request got = receiver.received().get(0);
      assertEquals(2, got.header("webhook-signature").split(" ").length);
      assertTrue(StandardWebhooks.verifies(newSecret, got), "the new secret verifies");
      assertTrue(StandardWebhooks.verifies(oldSecret, got), "the old secret still verifies");
    }
  }

  @Test
  void cancellingAMessageTellsItsEndpoint() {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      String[] client = newClient();
      addEndpoint(client[0], receiver.url());
      Api.Response later =
          api.post("/messages")
              .key(client[1])
              .json(
                  obj(
                      "phone",
                      "+972501234567",
                      "text",
                      "tomorrow",
                      "send_at",
                      OffsetDateTime.now().plusDays(1).toString()))
              .send();
      assertEquals(200, api.delete("/messages/" + later.id()).key(client[1]).send().status());

      await().atMost(Duration.ofMinutes(2)).until(() -> receiver.received().size() == 1);
      assertEquals("message.cancelled", receiver.received().get(0).type());
    }
  }

  @Test
  void anEndpointGetsOnlyTheEventsItAskedFor() {
    try (WebhookReceiver failures = WebhookReceiver.start();
        WebhookReceiver all = WebhookReceiver.start()) {
      String[] client = newClient();
      addEndpoint(client[0], failures.url(), "message.failed");
      addEndpoint(client[0], all.url());
      send(client[1], "goes fine");

      await().atMost(Duration.ofMinutes(2)).until(() -> all.received().size() == 1);
      await().during(Duration.ofMillis(300)).until(() -> failures.received().isEmpty());
    }
  }

  @Test
  void aMessagesOwnCallbackUrlIsToldSignedWithTheClientsCallbackSecret() {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      String[] client = newClient();
      Api.Response secret =
          api.post("/admin/clients/" + client[0] + "/callback-secret").key(ADMIN).send();
      assertEquals(200, secret.status(), secret.body());
      Api.Response r =
          api.post("/messages")
              .key(client[1])
              .json(
                  obj(
                      "phone",
                      "+972501234567",
                      "text",
                      "with callback",
                      "callback_url",
                      receiver.url()))
              .send();
      assertEquals(201, r.status(), r.body());

      await().atMost(Duration.ofMinutes(2)).until(() -> receiver.received().size() == 1);
      assertTrue(
          StandardWebhooks.verifies(
              secret.json().get("secret").getAsString(), receiver.received().get(0)));
    }
  }

  @Test
  void badWebhookInputIsRefusedNamingTheField() {
    String[] client = newClient();
    Api.Response badUrl =
        api.post("/admin/clients/" + client[0] + "/webhooks")
            .key(ADMIN)
            .json(obj("url", "ftp://example.com/x"))
            .send();
    assertEquals(400, badUrl.status(), badUrl.body());
    assertTrue(badUrl.body().contains("\"url\""), badUrl.body());
    JsonArray events = new JsonArray();
    events.add("message.exploded");
    Api.Response badEvent =
        api.post("/admin/clients/" + client[0] + "/webhooks")
            .key(ADMIN)
            .json(obj("url", "https://example.com/x", "events", events))
            .send();
    assertEquals(400, badEvent.status(), badEvent.body());
    assertTrue(badEvent.body().contains("\"events\""), badEvent.body());
    Api.Response badCallback =
        api.post("/messages")
            .key(client[1])
            .json(obj("phone", "+972501234567", "text", "x", "callback_url", "not a url"))
            .send();
    assertEquals(400, badCallback.status(), badCallback.body());
    assertTrue(badCallback.body().contains("callback_url"), badCallback.body());
    assertEquals(
        404,
        api.get("/admin/clients/" + client[0] + "/webhooks/999999").key(ADMIN).send().status());
  }

  private static JsonArray deliveries(String client, long endpointId, String state) {
    Api.Response r =
        api.get(
                "/admin/clients/"
                    + client
                    + "/webhooks/"
                    + endpointId
                    + "/deliveries?state="
                    + state)
            .key(ADMIN)
            .send();
    assertEquals(200, r.status(), r.body());
    return r.data();
  }

  /** Attempts recorded (made and answered or failed), not merely claimed. */
  private static int attemptsOf(long endpointId) {
    return server
        .db()
        .dsl()
        .selectCount()
        .from(WEBHOOK_ATTEMPT)
        .join(WEBHOOK_DELIVERY)
        .on(WEBHOOK_DELIVERY.ID.eq(WEBHOOK_ATTEMPT.DELIVERY_ID))
        .where(WEBHOOK_DELIVERY.ENDPOINT_ID.eq(endpointId))
        .fetchOne(0, int.class);
  }
}
