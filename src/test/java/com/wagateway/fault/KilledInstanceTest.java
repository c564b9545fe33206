package com.wagateway.fault;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.Messages;
import com.wagateway.support.ProcessTest;
import com.wagateway.support.ServiceProcess;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service processes on one database; one is killed with SIGKILL while it holds claimed
 * messages. After its lease the survivor takes them back: those that had not reached the point of
 * no return are sent, any that had end unconfirmed (never sent a second time); none lost, none left
 * pending or sending.
 */
@ProcessTest
class KilledInstanceTest {
  // Enough that the queue is far from drained when instance a is killed, however late that comes.
  private static final int MESSAGES = 200;

  @Test
  void killedInstancesMessagesAreRescuedAfterTheLeaseAndAllEndSent(@TempDir Path dir)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(KilledInstanceTest.class)) {
      DSLContext dsl = db.dsl();
      Messages messages = new Messages(db, "kill");
      for (int i = 0; i < MESSAGES; i++)
        messages.enqueue("+972501234" + String.format("%03d", i), "message " + i);

      try (ServiceProcess a = ServiceProcess.start("a", env(db, dir, "instance-a"), dir);
          ServiceProcess b = ServiceProcess.start("b", env(db, dir, "instance-b"), dir)) {
        a.awaitReady(ServiceProcess.STARTUP);
        await("instance a holds claimed messages while sending")
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    dsl.fetchCount(
                                MESSAGE_QUEUE,
                                MESSAGE_QUEUE
                                    .STATUS
                                    .eq("sending")
                                    .and(MESSAGE_QUEUE.CLAIMED_BY.like("instance-a-%")))
                            > 0
                        && dsl.fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.eq("sent")) > 0);
        a.kill();
        List<Long> heldByDead =
            dsl.select(MESSAGE_QUEUE.ID)
                .from(MESSAGE_QUEUE)
                .where(
                    MESSAGE_QUEUE
                        .STATUS
                        .eq("sending")
                        .and(MESSAGE_QUEUE.CLAIMED_BY.like("instance-a-%")))
                .fetch(MESSAGE_QUEUE.ID);
        assertFalse(heldByDead.isEmpty(), "the killed instance left messages in sending");

        b.awaitReady(ServiceProcess.STARTUP);
        await("every message finishes")
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    dsl.fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.in("pending", "sending"))
                        == 0);

        assertEquals(MESSAGES, dsl.fetchCount(MESSAGE_QUEUE), "none lost");
        assertEquals(
            MESSAGES,
            dsl.fetchCount(
                MESSAGE_QUEUE,
                MESSAGE_QUEUE
                    .STATUS
                    .eq("sent")
                    .or(
                        MESSAGE_QUEUE
                            .STATUS
                            .eq("unconfirmed")
                            .and(MESSAGE_QUEUE.HANDOFF_AT.isNotNull()))),
            "sent, or unconfirmed because it had reached the point of no return: " + b.log());
        assertEquals(
            heldByDead.size(),
            dsl.fetchCount(
                MESSAGE_QUEUE, MESSAGE_QUEUE.ID.in(heldByDead).and(MESSAGE_QUEUE.RESCUED.ge(1))),
            "each message the dead instance held was taken back and says so");
        assertTrue(
            dsl.fetchCount(
                    MESSAGE_QUEUE,
                    MESSAGE_QUEUE.ID.in(heldByDead).and(MESSAGE_QUEUE.STATUS.eq("sent")))
                >= heldByDead.size() - 1,
            "at most the one in the sender's hands can have reached the point of no return");
        assertTrue(b.log().contains("Rescued "), "the survivor logs the rescue");
      }
    }
  }

  private static Map<String, String> env(TestDatabase db, Path dir, String instance) {
    Map<String, String> env = TestConfig.env(db, dir);
    env.put("WA_LOG_SENDER_DELAY", "100ms");
    env.put("WA_INSTANCE_ID", instance);
    env.put("WA_WORKER_LEASE", "2s");
    env.put("WA_WORKER_BATCH_SIZE", "5");
    env.put("WA_WORKER_POLL_INTERVAL", "200ms");
    env.put("WA_DATABASE_POOL_SIZE", "2");
    env.put("WA_WORKER_DATABASE_POOL_SIZE", "2");
    return env;
  }
}
