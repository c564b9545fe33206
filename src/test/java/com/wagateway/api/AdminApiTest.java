package com.wagateway.api;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdminApiTest {
  private static final String ADMIN = TestServer.ADMIN_TOKEN;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(AdminApiTest.class, Map.of("WA_WORKER_POLL_INTERVAL", "1h"));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void clientLifecycle() {
    Api.Response created =
        api.post("/admin/clients")
            .key(ADMIN)
            .json(obj("name", "shop", "quota_per_day", 500))
            .send();
    assertEquals(201, created.status(), created.body());
    assertEquals("/admin/clients/shop", created.header("Location"));
    String key = created.json().get("api_key").getAsString();
    assertEquals(500, created.json().getAsJsonObject("client").get("quota_per_day").getAsInt());
    assertEquals(200, api.get("/messages").key(key).send().status());
    assertEquals(
        409, api.post("/admin/clients").key(ADMIN).json(obj("name", "shop")).send().status());
    assertEquals(
        400,
        api.post("/admin/clients")
            .key(ADMIN)
            .json(obj("name", "no spaces please"))
            .send()
            .status());

    assertTrue(api.get("/admin/clients").key(ADMIN).send().data().toString().contains("\"shop\""));
    assertEquals(200, api.get("/admin/clients/shop").key(ADMIN).send().status());

    Api.Response rotated = api.post("/admin/clients/shop/rotate-key").key(ADMIN).send();
    assertEquals(200, rotated.status());
    String newKey = rotated.json().get("api_key").getAsString();
    assertEquals(401, api.get("/messages").key(key).send().status());
    assertEquals(200, api.get("/messages").key(newKey).send().status());

    assertFalse(
        api.post("/admin/clients/shop/disable")
            .key(ADMIN)
            .send()
            .json()
            .get("active")
            .getAsBoolean());
    assertEquals(401, api.get("/messages").key(newKey).send().status());
    assertTrue(
        api.post("/admin/clients/shop/enable")
            .key(ADMIN)
            .send()
            .json()
            .get("active")
            .getAsBoolean());
    assertEquals(200, api.get("/messages").key(newKey).send().status());

    Api.Response quota =
        api.patch("/admin/clients/shop")
            .key(ADMIN)
            .json(obj("quota_per_day", null, "active", true))
            .send();
    assertEquals(200, quota.status(), quota.body());
    assertTrue(quota.json().get("quota_per_day").isJsonNull());

    api.post("/messages").key(newKey).json(obj("phone", "+14155550900", "text", "x")).send();
    assertEquals(204, api.delete("/admin/clients/shop").key(ADMIN).send().status());
    assertEquals(401, api.get("/messages").key(newKey).send().status());
    assertEquals(404, api.get("/admin/clients/shop").key(ADMIN).send().status());
    assertEquals(404, api.delete("/admin/clients/shop").key(ADMIN).send().status());
    assertEquals(404, api.post("/admin/clients/shop/disable").key(ADMIN).send().status());
  }

  @Test
  void aTakenNameAndATakenKeyAreDifferentConflicts() {
    api.post("/admin/clients")
        .key(ADMIN)
        .json(obj("name", "first", "api_key", "shared-key-1"))
        .send();

    Api.Response sameKey =
        api.post("/admin/clients")
            .key(ADMIN)
            .json(obj("name", "second", "api_key", "shared-key-1"))
            .send();
    assertEquals(409, sameKey.status(), sameKey.body());
    assertEquals(
        "That API key is already used by another client; choose another",
        sameKey.json().get("detail").getAsString());

    Api.Response sameName = api.post("/admin/clients").key(ADMIN).json(obj("name", "first")).send();
    assertEquals(409, sameName.status(), sameName.body());
    assertEquals(
        "A client named 'first' already exists", sameName.json().get("detail").getAsString());
  }

  @Test
  void everyAdminRouteNeedsTheToken() {
    String clientKey = server.newClientKey("adm");
    for (String path :
        new String[] {"/admin/clients", "/admin/stats", "/admin/messages", "/admin/clients/x"}) {
      assertEquals(401, api.get(path).send().status());
      assertEquals(401, api.get(path).key("wrong").send().status());
      assertEquals(
          401,
          api.get(path).key(clientKey).send().status(),
          "a client's key is not the admin token");
    }
    assertEquals(
        401, api.post("/admin/clients").key(clientKey).json(obj("name", "sneaky")).send().status());
  }

  @Test
  void adminRoutesAreOffWithoutAToken() {
    try (TestServer noAdmin = TestServer.start(AdminApiTest.class, Map.of("WA_ADMIN_TOKEN", ""))) {
      assertEquals(403, noAdmin.api().get("/admin/stats").key("anything").send().status());
    }
  }

  @Test
  void statsCountStatusesOldestDueAndRecentSends() {
    // The worker polls once an hour here: the message made due below stays due while we look.
    String key = server.newClientKey("adm");
    String later = OffsetDateTime.now().plusDays(1).toString();
    long id =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+14155550901", "text", "due", "send_at", later))
            .send()
            .id();
    server
        .db()
        .dsl()
        .update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, "sending")
        .where(MESSAGE_QUEUE.ID.eq(id))
        .execute();
    JsonObject stats = api.get("/admin/stats").key(ADMIN).send().json();
    assertTrue(stats.getAsJsonObject("counts").get("sending").getAsInt() >= 1);

    server
        .db()
        .dsl()
        .update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, "pending")
        .set(MESSAGE_QUEUE.SEND_AT, OffsetDateTime.now().minusHours(1))
        .where(MESSAGE_QUEUE.ID.eq(id))
        .execute();
    stats = api.get("/admin/stats").key(ADMIN).send().json();
    long age = stats.get("oldest_due_age_seconds").getAsLong();
    assertTrue(age >= 3500 && age <= 3700, "age " + age);

    server
        .db()
        .dsl()
        .update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, "sent")
        .set(MESSAGE_QUEUE.SENT_AT, OffsetDateTime.now().minusMinutes(5))
        .where(MESSAGE_QUEUE.ID.eq(id))
        .execute();
    stats = api.get("/admin/stats").key(ADMIN).send().json();
    assertTrue(stats.get("sent_last_hour").getAsInt() >= 1);
    for (String s : new String[] {"pending", "sending", "sent", "failed", "cancelled"}) {
      assertTrue(stats.getAsJsonObject("counts").has(s));
    }
  }

  @Test
  void messagesOfAnyClientWithTheSameFilters() {
    String a = server.newClientKey("adm");
    String b = server.newClientKey("adm");
    String later = OffsetDateTime.now().plusDays(1).toString();
    long fromA =
        api.post("/messages")
            .key(a)
            .json(obj("phone", "+14155550902", "text", "a", "send_at", later))
            .send()
            .id();
    long fromB =
        api.post("/messages")
            .key(b)
            .json(obj("phone", "+14155550903", "text", "b", "send_at", later))
            .send()
            .id();
    api.delete("/messages/" + fromB).key(b).send();
    Api.Response all = api.get("/admin/messages?limit=100").key(ADMIN).send();
    String body = all.body();
    assertTrue(body.contains("\"id\":" + fromA) && body.contains("\"id\":" + fromB));
    String nameOfA =
        all.data().asList().stream()
            .map(e -> e.getAsJsonObject())
            .filter(m -> m.get("id").getAsLong() == fromA)
            .findFirst()
            .orElseThrow()
            .get("client_name")
            .getAsString();
    Api.Response onlyA = api.get("/admin/messages?client=" + nameOfA).key(ADMIN).send();
    assertEquals(1, onlyA.data().size());
    Api.Response cancelled = api.get("/admin/messages?status=cancelled").key(ADMIN).send();
    assertTrue(
        cancelled.data().asList().stream()
            .allMatch(m -> m.getAsJsonObject().get("status").getAsString().equals("cancelled")));
    assertEquals(400, api.get("/admin/messages?limit=1000").key(ADMIN).send().status());
  }
}
