package com.wagateway.queue;

import com.wagateway.maintenance.DaemonThreads;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the lease of every claim in hand, the one being sent included, every third of a lease on a
 * thread of its own (as db-scheduler's {@code updateHeartbeats}): however long one send takes
 * (pacing, a slow page, a long wait for the tick), a live instance never loses a claim to another
 * instance's rescuer. A lease expires only when the instance is dead, hung, or cut off from the
 * database for a whole lease.
 */
final class Heartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);

  private final MessageQueue queue;
  private final Duration lease;
  private final Collection<OutgoingMessage> inHand;
  private final Consumer<Boolean> databaseReachable;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("queue-heartbeat"));

  /** {@code inHand} is a live view of the claims the worker holds now. */
  Heartbeat(
      MessageQueue queue,
      Duration lease,
      Collection<OutgoingMessage> inHand,
      Consumer<Boolean> databaseReachable) {
    this.queue = queue;
    this.lease = lease;
    this.inHand = inHand;
    this.databaseReachable = databaseReachable;
  }

  void start() {
    long every = Math.max(1, lease.toMillis() / 3);
    timer.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /** One renewal of every claim in hand. */
  void beat() {
    List<OutgoingMessage> held = List.copyOf(inHand);
    if (held.isEmpty()) return;
    try {
      Set<Long> renewed = queue.renewLeases(held, lease);
      databaseReachable.accept(true);
      for (OutgoingMessage m : held) {
        if (!renewed.contains(m.id()) && inHand.contains(m)) {
          log.warn(
              "Message {} is no longer held by this instance (its lease expired and it was taken"
                  + " back); the newer claim decides its status",
              m.id());
        }
      }
    } catch (RuntimeException e) {
      databaseReachable.accept(false);
      log.warn(
          "Could not renew the leases of {} messages in hand ({}); trying again in {} ms",
          held.size(),
          e.getMessage(),
          lease.toMillis() / 3);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
