package com.wagateway.queue;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.db.schema.Tables;
import com.wagateway.db.schema.tables.records.MessageQueueRecord;
import com.wagateway.maintenance.Maintainer;
import com.wagateway.support.Messages;
import com.wagateway.support.ScriptedSender;
import com.wagateway.support.SteppedClock;
import com.wagateway.support.TestDatabase;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueWorkerTest {
  static TestDatabase db;
  Messages messages;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create(QueueWorkerTest.class);
  }

  @AfterAll
  static void dropPool() {
    db.close();
  }

  @BeforeEach
  void freshClient() {
    // Each test works on its own client's messages; the claim is global, so clear the queue.
    db.dsl().deleteFrom(MESSAGE_QUEUE).execute();
    messages = new Messages(db, "client-" + System.nanoTime());
  }

  private QueueWorker worker(Sender sender, int maxAttempts, Duration retryDelay) {
    MessageQueue queue = new MessageQueue(db.dsl(), "test-instance");
    WorkerSettings settings =
        new WorkerSettings(
            Duration.ofMillis(50),
            10,
            Duration.ofSeconds(30),
            maxAttempts,
            new Backoff(retryDelay, Duration.ofHours(1)));
    return new QueueWorker(queue, sender, settings);
  }

  @Test
  void pendingMessageIsSent() {
    long id = messages.enqueue("+972501234567", "hello");

    DrainResult result = worker(ScriptedSender.alwaysSent(), 5, Duration.ZERO).drain();

    assertEquals(new DrainResult(1, 0, 0, 0), result);
    MessageQueueRecord row = messages.row(id);
    assertEquals("sent", row.getStatus());
    assertNotNull(row.getSentAt());
    assertEquals(1, row.getAttempts());
    assertNull(row.getErrorReason());
  }

  @Test
  void permanentFailureFailsOnceAndIsNeverRetried() {
    long id = messages.enqueue("+972501234567", "hello");
    ScriptedSender sender =
        new ScriptedSender(m -> SendResult.permanent("+972501234567 is not on WhatsApp"));
    QueueWorker worker = worker(sender, 5, Duration.ZERO);

    assertEquals(new DrainResult(0, 1, 0, 0), worker.drain());
    assertEquals(DrainResult.NONE, worker.drain());

    MessageQueueRecord row = messages.row(id);
    assertEquals("failed", row.getStatus());
    assertEquals("+972501234567 is not on WhatsApp", row.getErrorReason());
    assertEquals(1, row.getAttempts());
    assertEquals(1, sender.callsFor(id));
  }

  @Test
  void transientFailureIsRetriedLaterWithTheReasonKept() {
    long id = messages.enqueue("+972501234567", "hello");
    ScriptedSender sender =
        new ScriptedSender(m -> SendResult.transientFailure("Send not confirmed within 30 s"));
    QueueWorker worker = worker(sender, 5, Duration.ofMinutes(10));

    assertEquals(new DrainResult(0, 0, 1, 0), worker.drain());
    assertEquals(DrainResult.NONE, worker.drain(), "not due again before the backoff");

    MessageQueueRecord row = messages.row(id);
    assertEquals("pending", row.getStatus());
    assertEquals("Send not confirmed within 30 s", row.getErrorReason());
    assertEquals(1, row.getAttempts());
    assertNull(row.getClaimedBy());
    assertTrue(
        row.getSendAt().isAfter(OffsetDateTime.now().plusMinutes(7)),
        "backoff of about 10 minutes");
  }

  @Test
  void transientFailuresEndInFailedAfterMaxAttempts() {
    long id = messages.enqueue("+972501234567", "hello");
    ScriptedSender sender =
        new ScriptedSender(m -> SendResult.transientFailure("browser restarting"));

    DrainResult result = worker(sender, 3, Duration.ZERO).drain();

    assertEquals(new DrainResult(0, 1, 2, 0), result);
    MessageQueueRecord row = messages.row(id);
    assertEquals("failed", row.getStatus());
    assertEquals(3, row.getAttempts());
    assertTrue(row.getErrorReason().startsWith("browser restarting"), row.getErrorReason());
    assertEquals(3, sender.callsFor(id));
  }

  @Test
  void transientThenSuccessEndsSent() {
    long id = messages.enqueue("+972501234567", "hello");
    ScriptedSender sender =
        new ScriptedSender(
            m -> m.attempts() < 2 ? SendResult.transientFailure("timeout") : SendResult.sent());

    assertEquals(new DrainResult(1, 0, 1, 0), worker(sender, 5, Duration.ZERO).drain());
    assertEquals("sent", messages.status(id));
    assertNull(messages.row(id).getErrorReason());
  }

  @Test
  void futureSendAtIsNotClaimedBeforeItIsDue() {
    long later = messages.enqueue("+972501234567", "later", OffsetDateTime.now().plusHours(1));
    ScriptedSender sender = ScriptedSender.alwaysSent();
    QueueWorker worker = worker(sender, 5, Duration.ZERO);

    assertEquals(DrainResult.NONE, worker.drain());
    assertEquals("pending", messages.status(later));
    assertEquals(0, messages.row(later).getAttempts());

    messages.makeDue(later);
    assertEquals(new DrainResult(1, 0, 0, 0), worker.drain());
    assertEquals("sent", messages.status(later));
  }

  @Test
  void senderThatIsNotReadyLeavesMessagesPendingWithoutUsingAttempts() {
    long id = messages.enqueue("+972501234567", "hello");
    ScriptedSender sender = ScriptedSender.alwaysSent();
    sender.setReady(false);

    assertEquals(DrainResult.NONE, worker(sender, 5, Duration.ZERO).drain());
    assertEquals("pending", messages.status(id));
    assertEquals(0, messages.row(id).getAttempts());
  }

  @Test
  void messagesAreSentInTheOrderTheyAreDue() {
    long first = messages.enqueue("+972501234567", "1", OffsetDateTime.now().minusMinutes(3));
    long second = messages.enqueue("+972501234567", "2", OffsetDateTime.now().minusMinutes(2));
    long third = messages.enqueue("+972501234567", "3", OffsetDateTime.now().minusMinutes(1));
    ScriptedSender sender = ScriptedSender.alwaysSent();

    worker(sender, 5, Duration.ZERO).drain();

    assertEquals(
        List.of(first, second, third), sender.calls().stream().map(OutgoingMessage::id).toList());
  }

  @Test
  void senderThatThrowsBeforeTheHandoffCountsAsTransient() {
    long id = messages.enqueue("+972501234567", "hello");
    ScriptedSender sender =
        new ScriptedSender(
                m -> {
                  throw new IllegalStateException("driver crashed");
                })
            .beforeHandoff();

    worker(sender, 2, Duration.ZERO).drain();

    assertEquals("failed", messages.status(id));
    assertEquals(2, sender.callsFor(id));
    assertTrue(messages.row(id).getErrorReason().contains("driver crashed"));
  }

  @Test
  void senderThatThrowsAfterTheHandoffEndsUnconfirmedWithoutARetry() {
    long id = messages.enqueue("+972501234567", "hello");
    ScriptedSender sender =
        new ScriptedSender(
            m -> {
              throw new IllegalStateException("driver crashed");
            });

    assertEquals(new DrainResult(0, 0, 0, 1), worker(sender, 5, Duration.ZERO).drain());

    assertEquals("unconfirmed", messages.status(id));
    assertEquals(1, sender.callsFor(id));
    assertTrue(messages.row(id).getErrorReason().contains("driver crashed"));
  }

  @Test
  void unconfirmedSendIsTerminalAndNeverRetried() {
    long id = messages.enqueue("+972501234567", "hello");
    ScriptedSender sender = new ScriptedSender(m -> SendResult.unconfirmed("no tick within 30 s"));
    QueueWorker worker = worker(sender, 5, Duration.ZERO);

    assertEquals(new DrainResult(0, 0, 0, 1), worker.drain());
    assertEquals(DrainResult.NONE, worker.drain());

    MessageQueueRecord row = messages.row(id);
    assertEquals("unconfirmed", row.getStatus());
    assertEquals("no tick within 30 s", row.getErrorReason());
    assertEquals(1, row.getAttempts());
    assertNotNull(row.getHandoffAt(), "the point of no return was recorded before the send");
    assertEquals(1, sender.callsFor(id));
  }

  @Test
  void aBatchMadeInOneRequestGoesOutInTheOrderItWasWritten() {
    // A table with history, analysed as autovacuum would: the claim's join then answers in the
    // order the rows lie on disk rather than in the order they were chosen.
    messages.enqueueBatch("+972501234567", 200, null);
    db.dsl().update(Tables.MESSAGE_QUEUE).set(Tables.MESSAGE_QUEUE.STATUS, "sent").execute();
    List<Long> ids =
        messages.enqueueBatch("+972501234567", 8, OffsetDateTime.now().minusMinutes(1));
    // Rewrite the first half so it moves behind the second half on disk.
    db.dsl()
        .update(Tables.MESSAGE_QUEUE)
        .set(Tables.MESSAGE_QUEUE.TEXT, Tables.MESSAGE_QUEUE.TEXT.concat("!"))
        .where(Tables.MESSAGE_QUEUE.ID.in(ids.subList(0, 4)))
        .execute();
    db.dsl().execute("ANALYZE message_queue");
    ScriptedSender sender = ScriptedSender.alwaysSent();

    worker(sender, 5, Duration.ZERO).drain();

    assertEquals(ids, sender.calls().stream().map(OutgoingMessage::id).toList());
  }

  @Test
  void runningWorkerSendsAMessageEnqueuedWhileItPolls() {
    ScriptedSender sender = ScriptedSender.alwaysSent();
    try (QueueWorker worker = worker(sender, 5, Duration.ZERO)) {
      worker.start();
      long id = messages.enqueue("+972501234567", "while running");
      await("the message sent")
          .atMost(Duration.ofMinutes(2))
          .until(() -> messages.status(id), is("sent"));
    }
  }

  @Test
  void aDeadInstancesClaimIsTakenBackByMaintenanceOnItsScheduleAndSentByTheNextRound() {
    long id = messages.enqueue("+972501234567", "claimed by an instance that died");
    new MessageQueue(db.dsl(), "dead-instance").claim(10, Duration.ofSeconds(30));
    messages.expireLease(id);
    SteppedClock clock = SteppedClock.atNow();
    ScriptedSender sender = ScriptedSender.alwaysSent();
    QueueWorker worker = worker(sender, 5, Duration.ZERO);
    try (Maintainer maintenance = new Maintainer(clock, List.of(worker.leaseRescue()))) {
      assertEquals(List.of(), maintenance.runDue(), "the rescue waits for its first half lease");
      assertEquals(DrainResult.NONE, worker.runOnce(), "still held by the dead instance");

      clock.step(Duration.ofSeconds(15));
      assertEquals(List.of("message lease rescue"), maintenance.runDue());
      assertEquals(new DrainResult(1, 0, 0, 0), worker.runOnce());
    }
    assertEquals("sent", messages.status(id));
    assertEquals(1, messages.row(id).getRescued());
  }
}
