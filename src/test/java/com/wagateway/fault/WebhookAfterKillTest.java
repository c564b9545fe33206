package com.wagateway.fault;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.db.schema.Tables.WEBHOOK_DELIVERY;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.Messages;
import com.wagateway.support.ProcessTest;
import com.wagateway.support.ServiceProcess;
import com.wagateway.support.StandardWebhooks;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.support.WebhookReceiver;
import com.wagateway.webhook.WebhookService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service process sends messages, so their events are in the outbox, and is killed with SIGKILL
 * before it delivers any (its dispatcher polls only once an hour here). A new process on the same
 * database delivers every event, each once.
 */
@ProcessTest
class WebhookAfterKillTest {
  private static final int MESSAGES = 10;

  @Test
  void eventsOfAProcessKilledBeforeDeliveringAreDeliveredByTheNextOne(@TempDir Path dir)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(WebhookAfterKillTest.class);
        WebhookReceiver receiver = WebhookReceiver.start()) {
      DSLContext dsl = db.dsl();
      Messages messages = new Messages(db, "killed");
      String secret =
          new WebhookService(dsl, Duration.ofHours(1), Duration.ofHours(1))
              .create("killed", receiver.url(), List.of())
              .secret();

      try (ServiceProcess first = ServiceProcess.start("first", env(db, dir, "1h"), dir)) {
        first.awaitReady(ServiceProcess.STARTUP);
        for (int i = 0; i < MESSAGES; i++)
          messages.enqueue("+9725012345" + String.format("%02d", i), "message " + i);
        await("every message sent, its event written")
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> dsl.fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.eq("sent")) == MESSAGES);
        first.kill();
      }
      assertEquals(
          MESSAGES, dsl.fetchCount(WEBHOOK_DELIVERY, WEBHOOK_DELIVERY.STATE.eq("pending")));
      assertTrue(receiver.received().isEmpty(), "nothing was delivered before the kill");

      try (ServiceProcess second = ServiceProcess.start("second", env(db, dir, "50ms"), dir)) {
        second.awaitReady(ServiceProcess.STARTUP);
        await("every event delivered")
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    dsl.fetchCount(WEBHOOK_DELIVERY, WEBHOOK_DELIVERY.STATE.eq("delivered"))
                        == MESSAGES);
      }
      List<String> ids = receiver.received().stream().map(r -> r.header("webhook-id")).toList();
      assertEquals(MESSAGES, ids.size(), "none twice");
      assertEquals(MESSAGES, Set.copyOf(ids).size(), "none lost");
      assertTrue(receiver.received().stream().allMatch(r -> StandardWebhooks.verifies(secret, r)));
    }
  }

  private static Map<String, String> env(TestDatabase db, Path dir, String webhookPoll) {
    Map<String, String> env = TestConfig.env(db, dir);
    env.put("WA_WEBHOOK_POLL_INTERVAL", webhookPoll);
    env.put("WA_DATABASE_POOL_SIZE", "2");
    env.put("WA_WORKER_DATABASE_POOL_SIZE", "2");
    return env;
  }
}
