package com.wagateway.queue;

import com.wagateway.queue.WorkerEvents.SendOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code sent} statuses on a thread of its own, so the worker starts the next send while the
 * last one's status is being committed. Messages sent while a commit is under way are written
 * together by the next statement (a group commit): with the instant dry-run sender that is several
 * per commit; with WhatsApp Web, one send every few seconds, each is written alone, at once. A
 * message waits at most for the commit in progress before its own begins, so the window in which a
 * crash can lead to a second send grows by at most one commit.
 */
final class SentRecorder implements AutoCloseable {
  // The worker's logger: operators (and their log filters) find every message line under one name.
  private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);

  private record Pending(
      OutgoingMessage message, long millis, long deadline, CompletableFuture<SendOutcome> done) {}

  private final MessageQueue queue;
  private final Duration lease;
  private final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final Consumer<Boolean> databaseReachable;

  /** {@code databaseReachable} hears whether each write reached the database (health, metrics). */
  SentRecorder(MessageQueue queue, Duration lease, Consumer<Boolean> databaseReachable) {
    this.queue = queue;
    this.lease = lease;
    this.databaseReachable = databaseReachable;
    this.thread = new Thread(this::run, "queue-worker-recorder");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Records that {@code message} was sent (the sender took {@code millis}): SENT once committed,
   * LOST when the row was taken over meanwhile or the database stayed away for a whole lease.
   */
  CompletableFuture<SendOutcome> sent(OutgoingMessage message, long millis) {
    Pending p =
        new Pending(
            message, millis, System.nanoTime() + lease.toNanos(), new CompletableFuture<>());
    waiting.add(p);
    return p.done();
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    try {
      while (true) {
        group.add(waiting.take());
        waiting.drainTo(group);
        write(group);
        group.clear();
      }
    } catch (InterruptedException e) {
      // close(): the worker waits for every outcome it submitted, so nothing is left behind.
      group.addAll(waiting);
      group.forEach(p -> p.done().complete(SendOutcome.LOST));
    }
  }

  /**
   * One fenced statement for the group, retried through a short database outage: giving up would
   * leave the rows {@code sending} until their lease expires and then send them again.
   */
  private void write(List<Pending> group) throws InterruptedException {
    while (!group.isEmpty()) {
      try {
        Set<Long> ours = queue.markSent(group.stream().map(p -> p.message().id()).toList());
        databaseReachable.accept(true);
        for (Pending p : group) {
          OutgoingMessage m = p.message();
          if (ours.contains(m.id())) {
            log.info(
                "Message {} sent to {} in {} ms (attempt {})",
                m.id(),
                m.phone(),
                p.millis(),
                m.attempts());
            p.done().complete(SendOutcome.SENT);
          } else {
            log.warn(
                "Message {} was taken from this instance (lease expired and rescued) before its"
                    + " outcome was recorded; the newer claim decides its status",
                m.id());
            p.done().complete(SendOutcome.LOST);
          }
        }
        return;
      } catch (RuntimeException e) {
        databaseReachable.accept(false);
        long now = System.nanoTime();
        group.removeIf(
            p -> {
              if (now - p.deadline() < 0) return false;
              log.error(
                  "Could not record the outcome of message {} for a whole lease; the rescuer will"
                      + " retry it, so it may be sent twice",
                  p.message().id(),
                  e);
              p.done().complete(SendOutcome.LOST);
              return true;
            });
        if (!group.isEmpty()) {
          log.warn(
              "Could not record that {} messages were sent ({}); retrying in 1 s",
              group.size(),
              e.getMessage());
          Thread.sleep(1_000);
        }
      }
    }
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
