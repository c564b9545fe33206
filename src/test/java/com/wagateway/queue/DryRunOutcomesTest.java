package com.wagateway.queue;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.db.schema.Tables.WEBHOOK_DELIVERY;
import static com.wagateway.db.schema.Tables.WEBHOOK_ENDPOINT;
import static com.wagateway.db.schema.Tables.WEBHOOK_EVENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.wagateway.db.schema.tables.records.MessageQueueRecord;
import com.wagateway.support.Messages;
import com.wagateway.support.TestDatabase;
import com.wagateway.webhook.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dry run ({@code WA_SENDER=log}) reaches no phone, so it has no point of no return: the worker
 * writes its handoff with its outcome, and the outcomes of a run of sends in one statement.
 */
class DryRunOutcomesTest {
  static TestDatabase db;
  Messages messages;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create(DryRunOutcomesTest.class);
  }

  @AfterAll
  static void dropPool() {
    db.close();
  }

  @BeforeEach
  void emptyQueue() {
    db.dsl().deleteFrom(WEBHOOK_DELIVERY).execute();
    db.dsl().deleteFrom(WEBHOOK_EVENT).execute();
    db.dsl().deleteFrom(MESSAGE_QUEUE).execute();
    db.dsl().deleteFrom(WEBHOOK_ENDPOINT).execute();
    messages = new Messages(db, "client-" + System.nanoTime());
  }

  @Test
  void aDryRunSendWritesNoHandoffBeforeItsSendAndOneWithItsOutcome() {
    long id = messages.enqueue("+972501234567", "hello");
    List<MessageQueueRecord> duringSend = new ArrayList<>();

    DrainResult result = worker(dryRun(m -> duringSend.add(messages.row(m.id())))).drain();

    assertEquals(new DrainResult(1, 0, 0, 0), result);
    assertEquals("sending", duringSend.get(0).getStatus());
    assertNull(duringSend.get(0).getHandoffAt(), "nothing to protect before a dry-run send");
    MessageQueueRecord row = messages.row(id);
    assertEquals("sent", row.getStatus());
    assertNotNull(row.getHandoffAt(), "written with the outcome");
    assertNotNull(row.getSentAt());
  }

  @Test
  void aClaimTakenDuringARunIsLeftToItsNewHolderWhileTheRestAreSent() {
    List<Long> ids = messages.enqueueBatch("+972501234567", 3, null);
    long taken = ids.get(0);
    // While the second message is sent, the first (already sent, its outcome not yet written) is
    // taken over, as a rescuer and a new claim would after its lease expired.
    Sender sender =
        dryRun(
            m -> {
              if (m.id() == ids.get(1)) {
                db.dsl()
                    .update(MESSAGE_QUEUE)
                    .set(MESSAGE_QUEUE.CLAIM_TOKEN, MESSAGE_QUEUE.CLAIM_TOKEN.plus(1_000_000))
                    .set(MESSAGE_QUEUE.CLAIMED_BY, "other-instance")
                    .where(MESSAGE_QUEUE.ID.eq(taken))
                    .execute();
              }
            });

    DrainResult result = worker(sender).drain();

    assertEquals(new DrainResult(2, 0, 0, 0), result, "the taken one is not counted as sent");
    assertEquals("sending", messages.status(taken), "its new holder decides");
    assertEquals("other-instance", messages.row(taken).getClaimedBy());
    assertEquals("sent", messages.status(ids.get(1)));
    assertEquals("sent", messages.status(ids.get(2)));
  }

  @Test
  void everyMessageOfARunIsToldToTheClientsEndpointOnce() {
    List<Long> ids = messages.enqueueBatch("+972501234567", 5, null);
    db.dsl()
        .insertInto(
            WEBHOOK_ENDPOINT,
            WEBHOOK_ENDPOINT.CLIENT_ID,
            WEBHOOK_ENDPOINT.URL,
            WEBHOOK_ENDPOINT.SECRET)
        .select(
            DSL.select(CLIENT.ID, DSL.val("http://127.0.0.1:9/hook"), DSL.val("whsec_test"))
                .from(CLIENT))
        .execute();

    assertEquals(new DrainResult(5, 0, 0, 0), worker(dryRun(m -> {})).drain());

    List<Long> told =
        db.dsl()
            .select(WEBHOOK_EVENT.MESSAGE_ID)
            .from(WEBHOOK_EVENT)
            .where(WEBHOOK_EVENT.TYPE.eq("message.sent"))
            .orderBy(WEBHOOK_EVENT.MESSAGE_ID)
            .fetch(WEBHOOK_EVENT.MESSAGE_ID);
    assertEquals(ids, told);
    Set<Long> delivered =
        db.dsl().select(WEBHOOK_DELIVERY.MESSAGE_ID).from(WEBHOOK_DELIVERY).fetch().stream()
            .map(r -> r.value1())
            .collect(Collectors.toSet());
    assertEquals(Set.copyOf(ids), delivered);
    assertEquals(5, db.dsl().fetchCount(WEBHOOK_DELIVERY));
  }

  /** The dry-run sender, calling {@code during} with each message before it answers. */
  private static Sender dryRun(Consumer<OutgoingMessage> during) {
    LogSender log = new LogSender();
    return new Sender() {
      @Override
      public SendResult send(OutgoingMessage message, Handoff handoff) {
        during.accept(message);
        return log.send(message, handoff);
      }

      @Override
      public boolean reachesPeople() {
        return false;
      }
    };
  }

  private QueueWorker worker(Sender sender) {
    MessageQueue queue =
        new MessageQueue(db.dsl(), "test-instance", new Outbox(Duration.ofDays(1)));
    WorkerSettings settings =
        new WorkerSettings(
            Duration.ofMillis(50),
            10,
            Duration.ofSeconds(30),
            3,
            new Backoff(Duration.ZERO, Duration.ofHours(1)));
    // A clock that stands still: every send counts as fast, so which outcomes share a statement
    // does not hang on the machine's speed.
    return new QueueWorker(
        queue, sender, settings, WorkerEvents.NONE, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
  }
}
