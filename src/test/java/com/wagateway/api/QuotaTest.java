package com.wagateway.api;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.QUOTA_BUCKET;
import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.types.DayToSecond;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quotas: 5 per minute and 8 per day by default here; each a token bucket that holds a window's
 * worth and refills evenly over the window.
 */
class QuotaTest {
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            QuotaTest.class, Map.of("WA_QUOTA_PER_MINUTE", "5", "WA_QUOTA_PER_DAY", "8"));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Api.Response send(String key, String text) {
    return api.post("/messages").key(key).json(obj("phone", "+14155550700", "text", text)).send();
  }

  private static long stored(String key) {
    return api.get("/messages?limit=100").key(key).send().data().size();
  }

  @Test
  void theLastMessageThatFitsIsAcceptedAndTheNextIsRefusedWithRetryAfter() {
    String key = server.newClientKey("q");
    for (int i = 0; i < 5; i++) assertEquals(201, send(key, "m" + i).status());
    Api.Response refused = send(key, "one too many");
    assertEquals(429, refused.status());
    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertTrue(refused.json().get("detail").getAsString().contains("per minute"));
    assertEquals(5, stored(key), "nothing stored");
  }

  @Test
  void theAllowanceRefillsAsTimePasses() {
    String key = server.newClientKey("q");
    for (int i = 0; i < 5; i++) send(key, "m" + i);
    assertEquals(429, send(key, "the minute is used up").status());
    // A minute passes: the bucket's clock moves back rather than the test waiting.
    server
        .db()
        .dsl()
        .update(QUOTA_BUCKET)
        .set(
            QUOTA_BUCKET.MINUTE_FULL_AT,
            QUOTA_BUCKET.MINUTE_FULL_AT.minus(DayToSecond.valueOf(Duration.ofSeconds(61))))
        .where(QUOTA_BUCKET.CLIENT_ID.eq(clientId(key)))
        .execute();
    assertEquals(201, send(key, "fits again").status());
    assertEquals(201, send(key, "and again").status());
    assertEquals(201, send(key, "day: 8th").status());
    Api.Response perDay = send(key, "day: 9th");
    assertEquals(429, perDay.status());
    assertTrue(perDay.json().get("detail").getAsString().contains("per day"), perDay.body());
  }

  @Test
  void theRetryAfterOfARefusalIsWhenTheNextMessageFits() {
    String key = server.newClientKey("q");
    for (int i = 0; i < 5; i++) send(key, "m" + i);
    // 5 a minute: one more fits every 12 s.
    long retryAfter = Long.parseLong(send(key, "over").header("Retry-After"));
    assertTrue(retryAfter > 0 && retryAfter <= 12, "Retry-After " + retryAfter);
  }

  @Test
  void aBatchThatDoesNotFitStoresNothing() {
    String key = server.newClientKey("q");
    send(key, "first");
    JsonArray five = new JsonArray();
    for (int i = 0; i < 5; i++) five.add(obj("phone", "+14155550701", "text", "b" + i));
    Api.Response r = api.post("/messages/batch").key(key).json(obj("messages", five)).send();
    assertEquals(429, r.status());
    assertEquals(1, stored(key));
    five.remove(0);
    assertEquals(
        201, api.post("/messages/batch").key(key).json(obj("messages", five)).send().status());
    assertEquals(5, stored(key));
  }

  @Test
  void aClientsOwnQuotaOverridesTheDefault() {
    String key = server.newClientKey("q");
    String name = server.db().dsl().fetchValue(CLIENT.CLIENT_NAME, CLIENT.ID.eq(clientId(key)));
    Api.Response patched =
        api.patch("/admin/clients/" + name)
            .key(TestServer.ADMIN_TOKEN)
            .json(obj("quota_per_minute", 2))
            .send();
    assertEquals(200, patched.status(), patched.body());
    assertEquals(2, patched.json().get("quota_per_minute").getAsInt());
    assertEquals(201, send(key, "1").status());
    assertEquals(201, send(key, "2").status());
    assertEquals(429, send(key, "3").status());
    assertEquals(
        200,
        api.patch("/admin/clients/" + name)
            .key(TestServer.ADMIN_TOKEN)
            .json(obj("quota_per_minute", 0, "quota_per_day", 0))
            .send()
            .status());
    for (int i = 0; i < 10; i++) assertEquals(201, send(key, "unlimited " + i).status());
  }

  @Test
  void concurrentRequestsCannotOvershootTheQuota() throws Exception {
    String key = server.newClientKey("q");
    ExecutorService pool = Executors.newFixedThreadPool(12);
    List<Future<Integer>> statuses = new ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) {
        int n = i;
        statuses.add(pool.submit(() -> send(key, "race " + n).status()));
      }
      int created = 0;
      for (Future<Integer> f : statuses) if (f.get() == 201) created++;
      assertEquals(5, created);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(5, stored(key));
  }

  @Test
  void theSeedRouteCountsToo() {
    String key = server.newClientKey("q");
    for (int i = 0; i < 5; i++) {
      assertEquals(
          201,
          api.post("/send-message/")
              .json(obj("api_key", key, "phone", "+14155550702", "message", "s" + i))
              .send()
              .status());
    }
    assertEquals(
        429,
        api.post("/send-message/")
            .json(obj("api_key", key, "phone", "+14155550702", "message", "over"))
            .send()
            .status());
  }

  private static long clientId(String key) {
    return new ClientService(server.db().dsl()).authenticate(key, null).orElseThrow().id();
  }
}
