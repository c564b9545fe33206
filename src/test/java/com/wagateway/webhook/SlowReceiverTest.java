package com.wagateway.webhook;

import static com.wagateway.support.Api.obj;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import com.wagateway.support.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A receiver that takes 30 s to answer holds only its own endpoint's share of the dispatcher
 * (WA_WEBHOOK_PER_ENDPOINT) and none of the sending: another client's events and every message go
 * out as fast as without it. Measured with the dry-run sender; the slow receiver is let go at the
 * end, so the test does not wait the 30 s.
 */
class SlowReceiverTest {
  private static final Logger log = LoggerFactory.getLogger(SlowReceiverTest.class);

  @Test
  void aReceiverTaking30SecondsSlowsNeitherSendingNorAnotherClientsWebhooks() {
    try (WebhookReceiver slow = WebhookReceiver.start();
        WebhookReceiver fast = WebhookReceiver.start();
        TestServer server =
            TestServer.start(
                SlowReceiverTest.class,
                Map.of(
                    "WA_WEBHOOK_POLL_INTERVAL", "50ms",
                    "WA_WEBHOOK_TIMEOUT", "30s",
                    "WA_WEBHOOK_THREADS", "4",
                    "WA_WEBHOOK_PER_ENDPOINT", "2"))) {
      Api api = server.api();
      String slowKey = clientWithEndpoint(api, "slow-shop", slow.url());
      String fastKey = clientWithEndpoint(api, "fast-shop", fast.url());
      long[] alone = sendTwenty(api, fastKey, fast, 0);
      slow.hold();

      // Ten events for the slow receiver: two sit in its hands, eight wait for them.
      List<Long> slowMessages = new ArrayList<>();
      for (int i = 0; i < 10; i++) slowMessages.add(send(api, slowKey, "slow " + i));
      await().atMost(Duration.ofMinutes(2)).until(() -> slow.received().size() == 2);

      long[] beside = sendTwenty(api, fastKey, fast, 20);
      log.info(
          "20 messages of a client: sent in {} ms, their webhooks delivered in {} ms; the same"
              + " while another client's receiver holds its requests: {} ms, {} ms",
          alone[0],
          alone[1],
          beside[0],
          beside[1]);
      // All 20 of the other client's webhooks arrived while the slow receiver still held its two
      // requests (it holds them until released, far beyond the waits here): order, not a clock.
      assertEquals(2, slow.inHand(), "the slow receiver still holds its two requests");
      assertTrue(slowMessages.stream().allMatch(id -> sent(api, slowKey, id)));
      assertEquals(2, slow.received().size(), "the slow receiver got more than its share");
      slow.release();
      await().atMost(Duration.ofMinutes(2)).until(() -> slow.received().size() == 10);
    }
  }

  /**
   * Sends 20 messages for the client and waits for them to be sent, then for their webhooks (the
   * receiver had {@code before} already); answers both times in milliseconds.
   */
  private static long[] sendTwenty(Api api, String key, WebhookReceiver receiver, int before) {
    long started = System.nanoTime();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) ids.add(send(api, key, "fast " + i));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> ids.stream().allMatch(id -> sent(api, key, id)));
    long sentMillis = (System.nanoTime() - started) / 1_000_000;
    await().atMost(Duration.ofMinutes(2)).until(() -> receiver.received().size() == before + 20);
    return new long[] {sentMillis, (System.nanoTime() - started) / 1_000_000};
  }

  private static String clientWithEndpoint(Api api, String name, String url) {
    Api.Response client =
        api.post("/admin/clients")
            .key(TestServer.ADMIN_TOKEN)
            .json(obj("name", name, "quota_per_minute", 0, "quota_per_day", 0))
            .send();
    assertEquals(201, client.status(), client.body());
    assertEquals(
        201,
        api.post("/admin/clients/" + name + "/webhooks")
            .key(TestServer.ADMIN_TOKEN)
            .json(obj("url", url))
            .send()
            .status());
    return client.json().get("api_key").getAsString();
  }

  private static long send(Api api, String key, String text) {
    Api.Response r =
        api.post("/messages").key(key).json(obj("phone", "+972501234567", "text", text)).send();
    assertEquals(201, r.status(), r.body());
    return r.id();
  }

  private static boolean sent(Api api, String key, long id) {
    return api.get("/messages/" + id)
        .key(key)
        .send()
        .json()
        .get("status")
        .getAsString()
        .equals("sent");
  }
}
