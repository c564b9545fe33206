package com.wagateway.queue;

import com.wagateway.queue.WorkerEvents.SendOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due messages and hands them, one at a time, to the {@link Sender}. Runs on its own
 * scheduled thread; a second thread rescues messages whose claimant died, and a {@link
 * SentRecorder} writes {@code sent} statuses while the next send is under way. Every outcome of a
 * batch is written before the next claim.
 */
public final class QueueWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);

  private final MessageQueue queue;
  private final Sender sender;
  private final WorkerSettings settings;
  private final WorkerEvents events;
  private final ScheduledExecutorService scheduler;
  private final SentRecorder sentRecorder;
  private final Object wakeUp = new Object();
  private volatile boolean stopping;
  private volatile boolean sending;
  private volatile boolean databaseReachable = true;
  // Set when a database error may have left rows claimed by this instance that it no longer
  // holds in memory; they are handed back before the next claim instead of waiting for the lease.
  private boolean holdsOrphans;

  public QueueWorker(MessageQueue queue, Sender sender, WorkerSettings settings) {
    this(queue, sender, settings, WorkerEvents.NONE);
  }

  public QueueWorker(
      MessageQueue queue, Sender sender, WorkerSettings settings, WorkerEvents events) {
    this.queue = queue;
    this.sender = sender;
    this.settings = settings;
    this.events = events;
    // A worker stuck writing an outcome through an outage says so, as a failed claim would.
    this.sentRecorder =
        new SentRecorder(queue, settings.lease(), reachable -> databaseReachable = reachable);
    this.scheduler =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "queue-worker");
              t.setDaemon(true);
              return t;
            });
  }

  public void start() {
    scheduler.execute(this::pollLoop);
    long rescueEvery = Math.max(500, settings.lease().toMillis() / 2);
    scheduler.scheduleWithFixedDelay(this::rescue, rescueEvery, rescueEvery, TimeUnit.MILLISECONDS);
    log.info(
        "Queue worker {} started: polling every {} ms, batches of {}, lease {} s, {} attempts",
        queue.instanceId(),
        settings.pollInterval().toMillis(),
        settings.batchSize(),
        settings.lease().toSeconds(),
        settings.maxAttempts());
  }

  /** Wakes the poll loop early, e.g. when a message was just enqueued. */
  public void wake() {
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
  }

  /** True while a message is in the sender's hands. */
  public boolean isSending() {
    return sending;
  }

  public boolean isDatabaseReachable() {
    return databaseReachable;
  }

  /**
   * Sends everything due now and returns what happened; stops early when the sender is not ready or
   * the worker is stopping. Used by the poll loop and by {@code process-queue}.
   */
  public DrainResult drain() {
    DrainResult total = DrainResult.NONE;
    while (!stopping && sender.ready()) {
      if (holdsOrphans) {
        int released = queue.releaseOrphanedClaims();
        holdsOrphans = false;
        if (released > 0) {
          log.warn(
              "Handed back {} messages this instance had claimed but could not send (a claim or"
                  + " batch cut short by a database error); they are due again at once",
              released);
        }
      }
      long started = System.nanoTime();
      List<OutgoingMessage> batch;
      try {
        batch = queue.claim(settings.batchSize(), settings.lease());
      } catch (RuntimeException e) {
        // The claim may have committed at the server with its answer lost on the way back.
        holdsOrphans = true;
        throw e;
      }
      events.claimed(batch.size(), System.nanoTime() - started);
      databaseReachable = true;
      if (batch.isEmpty()) break;
      try {
        total = total.plus(sendBatch(batch));
      } catch (RuntimeException e) {
        holdsOrphans = true;
        throw e;
      }
    }
    return total;
  }

  private DrainResult sendBatch(List<OutgoingMessage> batch) {
    List<Long> remaining = new ArrayList<>(batch.stream().map(OutgoingMessage::id).toList());
    List<Recording> recordings = new ArrayList<>();
    // Renew once a third of the lease has gone rather than before every send: that doubled the
    // statements per message for fast senders. Safe while one send takes under 2/3 of the lease.
    long renewEvery = settings.lease().toNanos() / 3;
    long renewedAt = System.nanoTime();
    List<SendOutcome> outcomes;
    try {
      for (OutgoingMessage message : batch) {
        if (stopping || !sender.ready()) break;
        if (remaining.size() > 1 && System.nanoTime() - renewedAt > renewEvery) {
          queue.renewLeases(remaining, settings.lease());
          renewedAt = System.nanoTime();
        }
        recordings.add(sendOne(message));
        remaining.remove(message.id());
      }
      if (!remaining.isEmpty()) {
        int released = queue.releaseAll(remaining);
        log.info(
            "Handed {} claimed messages back to the queue unsent (sender not ready or stopping)",
            released);
      }
    } finally {
      // Every outcome of the batch is written (or given up) before the next claim or stopping,
      // even when the loop failed: rows must not be handed back while their status is in flight.
      outcomes = new ArrayList<>();
      for (Recording r : recordings) {
        SendOutcome outcome = r.outcome().join();
        events.sendFinished(outcome, r.nanos());
        outcomes.add(outcome);
      }
    }
    int sent = 0;
    int failed = 0;
    int retried = 0;
    for (SendOutcome outcome : outcomes) {
      switch (outcome) {
        case SENT -> sent++;
        case FAILED -> failed++;
        case RETRIED -> retried++;
        case LOST -> {}
      }
    }
    return new DrainResult(sent, failed, retried);
  }

  /** A send's outcome, written or being written, and how long the sender took. */
  private record Recording(CompletableFuture<SendOutcome> outcome, long nanos) {}

  private Recording sendOne(OutgoingMessage message) {
    SendResult result;
    long started = System.nanoTime();
    sending = true;
    try {
      result = sender.send(message);
    } catch (RuntimeException e) {
      // A sender bug must not kill the worker; treat it like any other transient problem.
      log.error("Sender threw while sending message {}; it will be retried", message.id(), e);
      result =
          SendResult.transientFailure(
              "Sender error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      sending = false;
    }
    long nanos = System.nanoTime() - started;
    if (result instanceof SendResult.Sent) {
      return new Recording(sentRecorder.sent(message, nanos / 1_000_000), nanos);
    }
    return new Recording(CompletableFuture.completedFuture(recordFailure(message, result)), nanos);
  }

  private SendOutcome recordFailure(OutgoingMessage message, SendResult result) {
    if (result instanceof SendResult.PermanentFailure p) {
      if (!persist(() -> queue.markFailed(message.id(), p.reason()), message))
        return SendOutcome.LOST;
      log.warn("Message {} failed permanently: {}", message.id(), p.reason());
      return SendOutcome.FAILED;
    }
    SendResult.TransientFailure t = (SendResult.TransientFailure) result;
    if (message.attempts() >= settings.maxAttempts()) {
      String reason = t.reason() + " (gave up after " + message.attempts() + " attempts)";
      if (!persist(() -> queue.markFailed(message.id(), reason), message)) return SendOutcome.LOST;
      log.warn(
          "Message {} failed after {} attempts: {}", message.id(), message.attempts(), t.reason());
      return SendOutcome.FAILED;
    }
    Duration delay = settings.backoff().delayAfter(message.attempts());
    if (!persist(() -> queue.retryLater(message.id(), t.reason(), delay), message))
      return SendOutcome.LOST;
    log.warn(
        "Message {} not sent (attempt {} of {}): {}; retrying in {} s",
        message.id(),
        message.attempts(),
        settings.maxAttempts(),
        t.reason(),
        delay.toSeconds());
    return SendOutcome.RETRIED;
  }

  /**
   * Writes an outcome, retrying through a short database outage: giving up would leave the row
   * {@code sending} until its lease expires and then send it a second time. Returns false when the
   * row is no longer ours (rescued meanwhile) or the database stayed away for a whole lease.
   */
  private boolean persist(BooleanSupplier update, OutgoingMessage message) {
    long deadline = System.nanoTime() + settings.lease().toNanos();
    while (true) {
      try {
        boolean ours = update.getAsBoolean();
        if (!ours) {
          log.warn(
              "Message {} was taken from this instance (lease expired and rescued) before its"
                  + " outcome was recorded; the newer claim decides its status",
              message.id());
        }
        return ours;
      } catch (RuntimeException e) {
        databaseReachable = false;
        if (System.nanoTime() > deadline) {
          log.error(
              "Could not record the outcome of message {} for a whole lease; the rescuer will"
                  + " retry it, so it may be sent twice",
              message.id(),
              e);
          return false;
        }
        log.warn(
            "Could not record the outcome of message {} ({}); retrying in 1 s",
            message.id(),
            e.getMessage());
        sleep(Duration.ofSeconds(1));
      }
    }
  }

  private void pollLoop() {
    while (!stopping) {
      try {
        drain();
      } catch (RuntimeException e) {
        databaseReachable = false;
        log.warn(
            "Queue worker could not claim messages: {}. Retrying in {} ms; check that the"
                + " database is reachable",
            e.getMessage(),
            settings.pollInterval().toMillis());
      }
      synchronized (wakeUp) {
        if (stopping) break;
        try {
          wakeUp.wait(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void rescue() {
    try {
      int rescued = queue.rescueExpired(settings.maxAttempts());
      if (rescued > 0) {
        log.warn(
            "Rescued {} messages whose sending instance stopped answering (lease expired);"
                + " each may reach its recipient twice",
            rescued);
        wake();
      }
    } catch (RuntimeException e) {
      log.warn("Lease rescuer could not run: {}", e.getMessage());
    }
  }

  /** Stops claiming, lets the message in hand finish, hands the rest of the batch back. */
  @Override
  public void close() {
    stopping = true;
    wake();
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(settings.lease().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
        log.warn("Queue worker did not stop within its lease; its messages will be rescued");
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
    sentRecorder.close();
    log.info("Queue worker {} stopped", queue.instanceId());
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
