package com.wagateway.queue;

import com.wagateway.queue.WorkerEvents.SendOutcome;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what became of each send, every outcome the same way: one fenced statement, retried
 * through a short database outage under one policy, and one log line an operator can act on.
 */
final class OutcomeRecorder {
  // The worker's logger: operators (and their log filters) find every message line under one name.
  private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);
  private static final Duration RETRY_EVERY = Duration.ofSeconds(1);

  private final MessageQueue queue;
  private final WorkerSettings settings;
  private final Consumer<Boolean> databaseReachable;

  /** {@code databaseReachable} hears whether each write reached the database (health, metrics). */
  OutcomeRecorder(
      MessageQueue queue, WorkerSettings settings, Consumer<Boolean> databaseReachable) {
    this.queue = queue;
    this.settings = settings;
    this.databaseReachable = databaseReachable;
  }

  /** Records {@code result} for {@code m} (the sender took {@code millis}). */
  SendOutcome record(OutgoingMessage m, SendResult result, long millis) {
    if (result instanceof SendResult.Sent s) {
      if (!persist(() -> queue.markSent(m, s.waMessageId()), m)) return SendOutcome.LOST;
      log.info(
          "Message {} sent to {} in {} ms (attempt {})", m.id(), m.phone(), millis, m.attempts());
      return SendOutcome.SENT;
    }
    if (result instanceof SendResult.PermanentFailure p) {
      if (!persist(() -> queue.markFailed(m, p.reason()), m)) return SendOutcome.LOST;
      log.warn("Message {} failed permanently: {}", m.id(), p.reason());
      return SendOutcome.FAILED;
    }
    if (result instanceof SendResult.Unconfirmed u) {
      if (!persist(() -> queue.markUnconfirmed(m, u.reason()), m)) return SendOutcome.LOST;
      log.warn(
          "Message {} to {} unconfirmed: {}. It is not sent again automatically: check the chat on"
              + " the phone, and retry it on purpose (POST /messages/{}/retry) if it did not"
              + " arrive",
          m.id(),
          m.phone(),
          u.reason(),
          m.id());
      return SendOutcome.UNCONFIRMED;
    }
    return retryOrGiveUp(m, (SendResult.TransientFailure) result);
  }

  private SendOutcome retryOrGiveUp(OutgoingMessage m, SendResult.TransientFailure t) {
    if (m.attempts() >= settings.maxAttempts()) {
      String reason = t.reason() + " (gave up after " + m.attempts() + " attempts)";
      if (!persist(() -> queue.markFailed(m, reason), m)) return SendOutcome.LOST;
      log.warn("Message {} failed after {} attempts: {}", m.id(), m.attempts(), t.reason());
      return SendOutcome.FAILED;
    }
    Duration delay = settings.backoff().delayAfter(m.attempts());
    if (!persist(() -> queue.retryLater(m, t.reason(), delay), m)) return SendOutcome.LOST;
    log.warn(
        "Message {} not sent (attempt {} of {}): {}; retrying in {} s",
        m.id(),
        m.attempts(),
        settings.maxAttempts(),
        t.reason(),
        delay.toSeconds());
    return SendOutcome.RETRIED;
  }

  /**
   * Runs one fenced write, retrying every second through a database outage for up to a lease: a
   * write given up leaves the row {@code sending} until its lease expires and someone else takes
   * the claim back. False when the claim is no longer ours or the database stayed away that long.
   */
  private boolean persist(BooleanSupplier write, OutgoingMessage m) {
    long deadline = System.nanoTime() + settings.lease().toNanos();
    while (true) {
      try {
        boolean ours = write.getAsBoolean();
        databaseReachable.accept(true);
        if (!ours) {
          log.warn(
              "Message {} was taken from this instance (its lease expired) before its outcome was"
                  + " recorded; the newer claim decides its status",
              m.id());
        }
        return ours;
      } catch (RuntimeException e) {
        databaseReachable.accept(false);
        if (System.nanoTime() - deadline > 0) {
          log.error(
              "Could not record the outcome of message {} for a whole lease; its claim will be"
                  + " taken back when the lease expires: unconfirmed if it had reached WhatsApp,"
                  + " else due again",
              m.id(),
              e);
          return false;
        }
        log.warn(
            "Could not record the outcome of message {} ({}); retrying in {} s",
            m.id(),
            e.getMessage(),
            RETRY_EVERY.toSeconds());
        try {
          Thread.sleep(RETRY_EVERY.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }
}
