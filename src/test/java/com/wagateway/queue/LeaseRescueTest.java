package com.wagateway.queue;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

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

/** A dead instance's messages come back; its late writes change nothing. */
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

  @Test
  void expiredSendingMessageGoesBackToPendingAndIsSentByAnotherInstance() {
    long id = messages.enqueue("+972501234567", "hello");
    List<OutgoingMessage> claimed = deadInstance.claim(10, Duration.ofSeconds(30));
    assertEquals(1, claimed.size());
    messages.expireLease(id);

    assertEquals(1, liveInstance.rescueExpired(5));

    MessageQueueRecord rescued = messages.row(id);
    assertEquals("pending", rescued.getStatus());
    assertEquals(1, rescued.getRescued());
    assertNull(rescued.getClaimedBy());

    ScriptedSender sender = ScriptedSender.alwaysSent();
    WorkerSettings settings =
        new WorkerSettings(
            Duration.ofMillis(50),
            10,
            Duration.ofSeconds(30),
            5,
            new Backoff(Duration.ZERO, Duration.ZERO));
    assertEquals(new DrainResult(1, 0, 0), new QueueWorker(liveInstance, sender, settings).drain());
    assertEquals("sent", messages.status(id));
    assertEquals(2, messages.row(id).getAttempts());
    assertEquals(
        1, sender.calls().get(0).rescued(), "the sender knows it may be a second delivery");
  }

  @Test
  void lateUpdateFromTheOldClaimantChangesNothing() {
    long id = messages.enqueue("+972501234567", "hello");
    deadInstance.claim(10, Duration.ofSeconds(30));
    messages.expireLease(id);
    liveInstance.rescueExpired(5);
    liveInstance.claim(10, Duration.ofSeconds(30));

    assertFalse(deadInstance.markFailed(id, "late failure"));
    assertFalse(deadInstance.markSent(id));
    assertFalse(deadInstance.retryLater(id, "late retry", Duration.ZERO));

    MessageQueueRecord row = messages.row(id);
    assertEquals("sending", row.getStatus());
    assertEquals("live", row.getClaimedBy());
    assertNull(row.getErrorReason());
  }

  @Test
  void liveLeaseAndFinishedMessagesAreNotRescued() {
    long inFlight = messages.enqueue("+972501234567", "in flight");
    liveInstance.claim(1, Duration.ofMinutes(5));
    long done = messages.enqueue("+972501234567", "done");
    liveInstance.claim(1, Duration.ofMinutes(5));
    liveInstance.markSent(done);
    messages.expireLease(done);

    assertEquals(0, deadInstance.rescueExpired(5));
    assertEquals("sending", messages.status(inFlight));
    assertEquals("sent", messages.status(done));
  }

  @Test
  void expiredMessageThatUsedItsLastAttemptFailsWithAReason() {
    long id = messages.enqueue("+972501234567", "hello");
    deadInstance.claim(10, Duration.ofSeconds(30));
    messages.expireLease(id);

    liveInstance.rescueExpired(1);

    assertEquals("failed", messages.status(id));
    assertEquals(true, messages.row(id).getErrorReason().contains("lease expired"));
  }

  @Test
  void orphanedClaimsOfThisInstanceAreHandedBackWithoutWaitingForTheLease() {
    long mine = messages.enqueue("+972501234567", "claim answer lost");
    liveInstance.claim(1, Duration.ofMinutes(5));
    long theirs = messages.enqueue("+972501234567", "another instance's");
    deadInstance.claim(1, Duration.ofMinutes(5));

    assertEquals(1, liveInstance.releaseOrphanedClaims());

    assertEquals("pending", messages.status(mine));
    assertEquals(
        0,
        messages.row(mine).getAttempts(),
        "an attempt that never reached the sender is not counted");
    assertEquals("sending", messages.status(theirs));
  }
}
