package com.wagateway.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.wagateway.db.schema.tables.records.MessageQueueRecord;
import com.wagateway.maintenance.Maintainer;
import com.wagateway.support.Messages;
import com.wagateway.support.ScriptedSender;
import com.wagateway.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A send that takes longer than the lease keeps its claim: the heartbeat renews it meanwhile. */
class HeartbeatTest {
  // Long enough that a renewal late by seconds (two saturated cores) still comes within the
  // lease: a heartbeat beats every third of it, so one may come up to two thirds of a lease late.
  private static final Duration LEASE = Duration.ofSeconds(5);

  @Test
  void aSendSlowerThanTheLeaseKeepsItsLeaseWhileAnotherInstanceWatchesForExpiredOnes()
      throws Exception {
    try (TestDatabase db = TestDatabase.create(HeartbeatTest.class)) {
      Messages messages = new Messages(db, "slow");
      ScriptedSender slow =
          new ScriptedSender(
              m -> {
                sleep(LEASE.multipliedBy(3));
                return SendResult.sent();
              });
      ScriptedSender other = ScriptedSender.alwaysSent();
      WorkerSettings settings =
          new WorkerSettings(
              Duration.ofMillis(50), 10, LEASE, 5, new Backoff(Duration.ZERO, Duration.ZERO));
      try (QueueWorker sending =
          new QueueWorker(new MessageQueue(db.dsl(), "sending-instance"), slow, settings)) {
        sending.start();
        long id = messages.enqueue("+972501234567", "takes three leases to send");
        await().atMost(Duration.ofMinutes(2)).until(() -> slow.callsFor(id) == 1);
        // The other instance's rescuer looks for expired leases every half lease.
        try (QueueWorker watching =
                new QueueWorker(new MessageQueue(db.dsl(), "watching-instance"), other, settings);
            Maintainer maintenance =
                new Maintainer(Clock.systemUTC(), List.of(watching.leaseRescue()))) {
          watching.start();
          maintenance.start();
          await().atMost(Duration.ofMinutes(2)).until(() -> "sent".equals(messages.status(id)));
        }
        MessageQueueRecord row = messages.row(id);
        assertEquals(0, row.getRescued(), "never taken back while it was being sent");
        assertEquals(1, row.getAttempts());
        assertEquals(1, slow.callsFor(id));
        assertEquals(0, other.callsFor(id), "the other instance never sent it");
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
