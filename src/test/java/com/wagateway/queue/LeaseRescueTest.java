package com.wagateway.queue;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.db.schema.tables.records.MessageQueueRecord;
import com.wagateway.support.Messages;
import com.wagateway.support.ScriptedSender;
import com.wagateway.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dead instance's claims come back: to pending when they never reached Enter, to unconfirmed when
 * they may have. Its late writes change nothing.
 */
class LeaseRescueTest {
  static TestDatabase db;
  Messages messages;
  MessageQueue deadInstance;
  MessageQueue liveInstance;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create(LeaseRescueTest.class);
  }

  @AfterAll
  static void dropPool() {
    db.close();
  }

  @BeforeEach
  void twoInstances() {
    db.dsl().deleteFrom(MESSAGE_QUEUE).execute();
    messages = new Messages(db, "client-" + System.nanoTime());
    deadInstance = new MessageQueue(db.dsl(), "dead");
    liveInstance = new MessageQueue(db.dsl(), "live");
  }

  private static WorkerSettings settings() {
    return new WorkerSettings(
        Duration.ofMillis(50),
        10,
        Duration.ofSeconds(30),
        5,
        new Backoff(Duration.ZERO, Duration.ZERO));
  }

  private static OutgoingMessage only(List<OutgoingMessage> claimed) {
    assertEquals(1, claimed.size());
    return claimed.get(0);
  }

  @Test
  void expiredClaimThatNeverReachedEnterGoesBackToPendingAndIsSentByAnotherInstance() {
    long id = messages.enqueue("+972501234567", "hello");
    only(deadInstance.claim(10, Duration.ofSeconds(30)));
    messages.expireLease(id);

    assertEquals(new MessageQueue.Recovered(1, 0, 0), liveInstance.rescueExpired(5));

    MessageQueueRecord rescued = messages.row(id);
    assertEquals("pending", rescued.getStatus());
    assertEquals(1, rescued.getRescued());
    assertNull(rescued.getClaimedBy());

    ScriptedSender sender = ScriptedSender.alwaysSent();
    assertEquals(
        new DrainResult(1, 0, 0, 0), new QueueWorker(liveInstance, sender, settings()).drain());
    assertEquals("sent", messages.status(id));
    assertEquals(2, messages.row(id).getAttempts());
    assertEquals(1, sender.calls().get(0).rescued(), "the sender knows the message was taken back");
  }

  @Test
  void expiredClaimThatReachedTheHandoffEndsUnconfirmedAndIsNeverSentAgain() {
    long id = messages.enqueue("+972501234567", "hello");
    OutgoingMessage claim = only(deadInstance.claim(10, Duration.ofSeconds(30)));
    assertTrue(deadInstance.markHandoff(claim), "recorded just before Enter");
    messages.expireLease(id);

    assertEquals(new MessageQueue.Recovered(0, 1, 0), liveInstance.rescueExpired(5));

    MessageQueueRecord row = messages.row(id);
    assertEquals("unconfirmed", row.getStatus());
    assertTrue(row.getErrorReason().contains("may or may not have reached the phone"));
    ScriptedSender sender = ScriptedSender.alwaysSent();
    assertEquals(DrainResult.NONE, new QueueWorker(liveInstance, sender, settings()).drain());
    assertEquals(0, sender.calls().size(), "an unconfirmed message is not sent again by itself");
  }

  @Test
  void lateWritesFromAClaimThatWasTakenBackChangeNothing() {
    long id = messages.enqueue("+972501234567", "hello");
    OutgoingMessage old = only(deadInstance.claim(10, Duration.ofSeconds(30)));
    messages.expireLease(id);
    liveInstance.rescueExpired(5);
    only(liveInstance.claim(10, Duration.ofSeconds(30)));

    assertFalse(deadInstance.markHandoff(old), "the old claimant must not press Enter");
    assertFalse(deadInstance.markFailed(old, "late failure"));
    assertFalse(deadInstance.markUnconfirmed(old, "late unconfirmed"));
    assertFalse(deadInstance.markSent(old));
    assertFalse(deadInstance.retryLater(old, "late retry", Duration.ZERO));
    assertEquals(0, deadInstance.releaseUnsent(List.of(old)));

    MessageQueueRecord row = messages.row(id);
    assertEquals("sending", row.getStatus());
    assertEquals("live", row.getClaimedBy());
    assertNull(row.getErrorReason());
  }

  @Test
  void theFenceIsTheClaimNotTheName() {
    long id = messages.enqueue("+972501234567", "hello");
    OutgoingMessage first = only(liveInstance.claim(10, Duration.ofSeconds(30)));
    messages.expireLease(id);
    liveInstance.rescueExpired(5);
    OutgoingMessage second = only(liveInstance.claim(10, Duration.ofSeconds(30)));

    assertFalse(liveInstance.markSent(first), "same name, earlier claim");
    assertEquals("sending", messages.status(id));
    assertTrue(liveInstance.markSent(second));
    assertEquals("sent", messages.status(id));
  }

  @Test
  void aTickSeenLateTurnsItsOwnRescuedUnconfirmedIntoSent() {
    long id = messages.enqueue("+972501234567", "hello");
    OutgoingMessage claim = only(deadInstance.claim(10, Duration.ofSeconds(30)));
    deadInstance.markHandoff(claim);
    messages.expireLease(id);
    liveInstance.rescueExpired(5);
    assertEquals("unconfirmed", messages.status(id));

    assertTrue(deadInstance.markSent(claim), "the page did show the tick");
    assertEquals("sent", messages.status(id));
    assertNull(messages.row(id).getErrorReason());
  }

  @Test
  void liveLeaseAndFinishedMessagesAreNotRescued() {
    long inFlight = messages.enqueue("+972501234567", "in flight");
    liveInstance.claim(1, Duration.ofMinutes(5));
    long done = messages.enqueue("+972501234567", "done");
    OutgoingMessage finished = only(liveInstance.claim(1, Duration.ofSeconds(30)));
    liveInstance.markSent(finished);
    messages.expireLease(done);

    assertEquals(0, deadInstance.rescueExpired(5).total());
    assertEquals("sending", messages.status(inFlight));
    assertEquals("sent", messages.status(done));
  }

  @Test
  void expiredClaimOnItsLastAttemptThatNeverReachedEnterFailsWithAReason() {
    long id = messages.enqueue("+972501234567", "hello");
    deadInstance.claim(10, Duration.ofSeconds(30));
    messages.expireLease(id);

    assertEquals(new MessageQueue.Recovered(0, 0, 1), liveInstance.rescueExpired(1));

    assertEquals("failed", messages.status(id));
    assertTrue(messages.row(id).getErrorReason().contains("it was not sent"));
  }

  @Test
  void orphanedClaimsOfThisInstanceAreTakenBackWithoutWaitingForTheLease() {
    long mine = messages.enqueue("+972501234567", "claim answer lost");
    only(liveInstance.claim(1, Duration.ofMinutes(5)));
    long handedOff = messages.enqueue("+972501234567", "lost track after the handoff");
    liveInstance.markHandoff(only(liveInstance.claim(1, Duration.ofMinutes(5))));
    long theirs = messages.enqueue("+972501234567", "another instance's");
    deadInstance.claim(1, Duration.ofMinutes(5));

    assertEquals(new MessageQueue.Recovered(1, 1, 0), liveInstance.releaseOrphanedClaims());

    assertEquals("pending", messages.status(mine));
    assertEquals(
        0,
        messages.row(mine).getAttempts(),
        "an attempt that never reached the sender is not counted");
    assertEquals("unconfirmed", messages.status(handedOff), "it may be on the phone");
    assertNotNull(messages.row(handedOff).getErrorReason());
    assertEquals("sending", messages.status(theirs));
  }
}
