package com.wagateway.webhook;

import static com.wagateway.db.schema.Tables.WEBHOOK_DELIVERY;
import static com.wagateway.db.schema.Tables.WEBHOOK_EVENT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.config.Config;
import com.wagateway.db.Database;
import com.wagateway.maintenance.Maintainer;
import com.wagateway.queue.MessageQueue;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.support.Messages;
import com.wagateway.support.StandardWebhooks;
import com.wagateway.support.SteppedClock;
import com.wagateway.support.TestDatabase;
import com.wagateway.support.WebhookReceiver;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The outbox and its dispatchers on one real database, without an HTTP server: events written by a
 * status change are delivered by whichever dispatcher runs later, by exactly one of several, and in
 * order per message.
 */
class WebhookDispatcherTest {

  private static Config.Webhooks settings(int threads) {
    return new Config.Webhooks(
        threads,
        2,
        2,
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofMillis(20),
        Duration.ofMillis(100),
        Duration.ofMinutes(5),
        Duration.ofHours(24),
        Duration.ofHours(24),
        Duration.ofMillis(20),
        Duration.ofDays(7),
        true,
        null,
        null);
  }

  /** Sends {@code ids} as the worker would, writing their events, with no dispatcher running. */
  private static void markAllSent(TestDatabase db, int count) {
    MessageQueue queue = new MessageQueue(db.dsl(), "sender", new Outbox(Duration.ofMinutes(5)));
    int sent = 0;
    while (sent < count) {
      for (OutgoingMessage m : queue.claim(100, Duration.ofMinutes(1))) {
        assertTrue(queue.markSent(m));
        sent++;
      }
    }
  }

  @Test
  void eventsWrittenBeforeTheProcessDiedAreDeliveredByTheNextDispatcher() {
    try (TestDatabase db = TestDatabase.create(WebhookDispatcherTest.class);
        WebhookReceiver receiver = WebhookReceiver.start()) {
      Messages messages = new Messages(db, "restarted");
      WebhookService service =
          new WebhookService(db.dsl(), Duration.ofHours(1), Duration.ofMinutes(5));
      String secret = service.create("restarted", receiver.url(), List.of()).secret();
      long id = messages.enqueue("+972501234567", "before the crash");
      // The status change commits with its event; then the process "dies" before any delivery.
      markAllSent(db, 1);
      assertEquals(1, db.dsl().fetchCount(WEBHOOK_DELIVERY));
      assertTrue(receiver.received().isEmpty());

      try (HikariDataSource pool = db.newPool("after-restart", 2);
          WebhookDispatcher dispatcher =
              new WebhookDispatcher(
                  Database.dsl(pool), "after-restart", settings(2), WebhookEvents.NONE)) {
        assertEquals(1, dispatcher.runOnce());
      }
      assertEquals(1, receiver.received().size());
      WebhookReceiver.Request got = receiver.received().get(0);
      assertTrue(StandardWebhooks.verifies(secret, got));
      assertEquals(
          id, got.json().getAsJsonObject("data").getAsJsonObject("message").get("id").getAsLong());
    }
  }

  @Test
  void twoDispatchersDeliverEachOf300EventsExactlyOnce() {
    try (TestDatabase db = TestDatabase.create(WebhookDispatcherTest.class);
        WebhookReceiver receiver = WebhookReceiver.start()) {
      Messages messages = new Messages(db, "busy");
      new WebhookService(db.dsl(), Duration.ofHours(1), Duration.ofMinutes(5))
          .create("busy", receiver.url(), List.of());
      for (int i = 0; i < 300; i++) messages.enqueue("+97250123" + (4000 + i), "m" + i);
      markAllSent(db, 300);

      try (HikariDataSource poolA = db.newPool("instance-a", 2);
          HikariDataSource poolB = db.newPool("instance-b", 2);
          WebhookDispatcher a =
              new WebhookDispatcher(
                  Database.dsl(poolA), "instance-a", settings(4), WebhookEvents.NONE);
          WebhookDispatcher b =
              new WebhookDispatcher(
                  Database.dsl(poolB), "instance-b", settings(4), WebhookEvents.NONE)) {
        a.start();
        b.start();
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    db.dsl().fetchCount(WEBHOOK_DELIVERY, WEBHOOK_DELIVERY.STATE.ne("delivered"))
                        == 0);
      }
      List<String> ids = receiver.received().stream().map(r -> r.header("webhook-id")).toList();
      assertEquals(300, Set.copyOf(ids).size(), "every event arrived");
      assertEquals(300, ids.size(), "none arrived twice");
      Map<String, Long> byInstance =
          db
              .dsl()
              .select(WEBHOOK_DELIVERY.CLAIMED_BY)
              .from(WEBHOOK_DELIVERY)
              .fetch(WEBHOOK_DELIVERY.CLAIMED_BY)
              .stream()
              .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
      assertEquals(Set.of("instance-a", "instance-b"), byInstance.keySet(), byInstance.toString());
    }
  }

  @Test
  void theEventsOfOneMessageArriveInTheOrderTheyHappened() {
    try (TestDatabase db = TestDatabase.create(WebhookDispatcherTest.class);
        WebhookReceiver receiver = WebhookReceiver.start()) {
      Messages messages = new Messages(db, "ordered");
      new WebhookService(db.dsl(), Duration.ofHours(1), Duration.ofMinutes(5))
          .create("ordered", receiver.url(), List.of());
      messages.enqueue("+972501234567", "unconfirmed, then seen");
      MessageQueue queue = new MessageQueue(db.dsl(), "sender", new Outbox(Duration.ofMinutes(5)));
      OutgoingMessage m = queue.claim(1, Duration.ofMinutes(1)).get(0);
      // A rescuer's 'unconfirmed' first, then this claim's own tick: two events, in that order.
      assertTrue(queue.markUnconfirmed(m, "no tick yet"));
      assertTrue(queue.markSent(m));
      receiver.answer(503);

      try (HikariDataSource pool = db.newPool("dispatcher", 2);
          WebhookDispatcher dispatcher =
              new WebhookDispatcher(
                  Database.dsl(pool), "dispatcher", settings(4), WebhookEvents.NONE)) {
        dispatcher.start();
        await().atMost(Duration.ofMinutes(2)).until(() -> receiver.received().size() >= 3);
        receiver.answer(200);
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> receiver.received("message.sent").size() == 1);
      }
      List<String> types = receiver.received().stream().map(WebhookReceiver.Request::type).toList();
      int firstSent = types.indexOf("message.sent");
      assertTrue(
          types.subList(0, firstSent).stream().allMatch(t -> t.equals("message.unconfirmed")),
          types.toString());
      assertEquals(firstSent, types.lastIndexOf("message.unconfirmed") + 1, types.toString());
    }
  }

  @Test
  void aMessageRescuedAfterItsHandoffTellsOfItsUnconfirmedStatus() {
    try (TestDatabase db = TestDatabase.create(WebhookDispatcherTest.class)) {
      Messages messages = new Messages(db, "rescued");
      new WebhookService(db.dsl(), Duration.ofHours(1), Duration.ofMinutes(5))
          .create("rescued", "https://rescued.example/hooks", List.of());
      long id = messages.enqueue("+972501234567", "handed off, then the instance died");
      Outbox outbox = new Outbox(Duration.ofMinutes(5));
      MessageQueue dead = new MessageQueue(db.dsl(), "dead", outbox);
      OutgoingMessage m = dead.claim(1, Duration.ofMinutes(1)).get(0);
      assertTrue(dead.markHandoff(m));
      messages.expireLease(id);

      assertEquals(1, new MessageQueue(db.dsl(), "live", outbox).rescueExpired(5).unconfirmed());

      assertEquals(
          List.of("message.unconfirmed"),
          db.dsl()
              .select(WEBHOOK_EVENT.TYPE)
              .from(WEBHOOK_EVENT)
              .where(WEBHOOK_EVENT.MESSAGE_ID.eq(id))
              .fetch(WEBHOOK_EVENT.TYPE));
      assertEquals(1, db.dsl().fetchCount(WEBHOOK_DELIVERY));
    }
  }

  @Test
  void oldFinishedEventsArePurgedButNotOnesStillOnTheirWay() {
    try (TestDatabase db = TestDatabase.create(WebhookDispatcherTest.class)) {
      Messages messages = new Messages(db, "purged");
      new WebhookService(db.dsl(), Duration.ofHours(1), Duration.ofMinutes(5))
          .create("purged", "https://purged.example/hooks", List.of());
      messages.enqueue("+972501234567", "one");
      messages.enqueue("+972501234568", "two");
      markAllSent(db, 2);
      db.dsl()
          .update(WEBHOOK_EVENT)
          .set(WEBHOOK_EVENT.CREATED_AT, java.time.OffsetDateTime.now().minusDays(8))
          .execute();
      long finished =
          db.dsl().select(WEBHOOK_DELIVERY.ID).from(WEBHOOK_DELIVERY).limit(1).fetchOne().value1();
      db.dsl()
          .update(WEBHOOK_DELIVERY)
          .set(WEBHOOK_DELIVERY.STATE, "delivered")
          .where(WEBHOOK_DELIVERY.ID.eq(finished))
          .execute();

      assertEquals(1, new DeliveryStore(db.dsl(), "any").purgeOlderThan(Duration.ofDays(7)));
      assertEquals(1, db.dsl().fetchCount(WEBHOOK_EVENT));
      assertEquals("pending", db.dsl().fetchOne(WEBHOOK_DELIVERY).getState());
    }
  }

  @Test
  void aDeliveryHeldByADeadInstanceIsTakenBackByMaintenanceAndDeliveredOnce() {
    try (TestDatabase db = TestDatabase.create(WebhookDispatcherTest.class);
        WebhookReceiver receiver = WebhookReceiver.start()) {
      Messages messages = new Messages(db, "taken-back");
      new WebhookService(db.dsl(), Duration.ofHours(1), Duration.ofMinutes(5))
          .create("taken-back", receiver.url(), List.of());
      messages.enqueue("+972501234567", "its event's holder died");
      markAllSent(db, 1);
      // Claimed by an instance that died: its lease ran out on the database's clock.
      db.dsl()
          .update(WEBHOOK_DELIVERY)
          .set(WEBHOOK_DELIVERY.STATE, "delivering")
          .set(WEBHOOK_DELIVERY.CLAIMED_BY, "dead-instance")
          .set(WEBHOOK_DELIVERY.LEASE_UNTIL, OffsetDateTime.now().minusMinutes(1))
          .execute();

      SteppedClock clock = SteppedClock.atNow();
      try (HikariDataSource pool = db.newPool("live-instance", 2);
          WebhookDispatcher dispatcher =
              new WebhookDispatcher(
                  Database.dsl(pool), "live-instance", settings(2), WebhookEvents.NONE, clock);
          Maintainer maintenance = new Maintainer(clock, dispatcher.maintenanceTasks())) {
        assertEquals(0, dispatcher.runOnce(), "not while the dead instance holds it");
        assertEquals(
            List.of("webhook delivery rescue", "webhook event purge"), maintenance.runDue());
        assertEquals(1, dispatcher.runOnce());
        assertEquals(0, dispatcher.runOnce(), "delivered once");
      }
      assertEquals(1, receiver.received().size());
      assertEquals(
          List.of("delivered"), db.dsl().fetchValues(WEBHOOK_DELIVERY.STATE), "recorded as such");
    }
  }
}
