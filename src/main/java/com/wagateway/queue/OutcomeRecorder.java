package com.wagateway.queue;

import com.wagateway.queue.MessageQueue.SentMessage;
import com.wagateway.queue.WorkerEvents.SendOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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

  /** One send and what the sender answered, after {@code nanos}. */
  record Finished(OutgoingMessage message, SendResult result, long nanos) {}

  /** Records what became of {@code f}'s send. */
  SendOutcome record(Finished f) {
    OutgoingMessage m = f.message();
    SendResult result = f.result();
    if (result instanceof SendResult.Sent) return recordSent(List.of(f)).get(0);
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

  /**
   * Records a run of sends the page (or the dry run) answered {@code Sent} for, in one statement;
   * the outcomes in the run's order.
   */
  List<SendOutcome> recordSent(List<Finished> run) {
    List<SentMessage> sent =
        run.stream()
            .map(f -> new SentMessage(f.message(), ((SendResult.Sent) f.result()).waMessageId()))
            .toList();
    Set<Long> ours = write(() -> queue.markSent(sent), run.get(0).message());
    List<SendOutcome> outcomes = new ArrayList<>(run.size());
    for (Finished f : run) {
      OutgoingMessage m = f.message();
      if (ours == null) {
        outcomes.add(SendOutcome.LOST);
      } else if (!ours.contains(m.id())) {
        warnTaken(m);
        outcomes.add(SendOutcome.LOST);
      } else {
        MDC.put("session", m.session());
        try {
          log.info(
              "Message {} sent to {} in {} ms (attempt {})",
              m.id(),
              m.phone(),
              f.nanos() / 1_000_000,
              m.attempts());
        } finally {
          MDC.remove("session");
        }
        outcomes.add(SendOutcome.SENT);
      }
    }
    return outcomes;
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

  /** As {@link #write}, for the write of one message; false when it was not ours. */
  private boolean persist(BooleanSupplier write, OutgoingMessage m) {
    Boolean ours = write(write::getAsBoolean, m);
    if (ours == null) return false;
    if (!ours) warnTaken(m);
    return ours;
  }

  private static void warnTaken(OutgoingMessage m) {
    log.warn(
        "Message {} was taken from this instance (its lease expired) before its outcome was"
            + " recorded; the newer claim decides its status",
        m.id());
  }

  /**
   * Runs one fenced write, retrying every second through a database outage for up to a lease: a
   * write given up leaves the rows {@code sending} until their lease expires and someone else takes
   * the claims back. Null when the database stayed away that long ({@code first} names the message
   * in the logs).
   */
  private <T> T write(Supplier<T> write, OutgoingMessage first) {
    long deadline = System.nanoTime() + settings.lease().toNanos();
    while (true) {
      try {
        T answer = write.get();
        databaseReachable.accept(true);
        return answer;
      } catch (RuntimeException e) {
        databaseReachable.accept(false);
        if (System.nanoTime() - deadline > 0) {
          log.error(
              "Could not record the outcome of message {} for a whole lease; its claim will be"
                  + " taken back when the lease expires: unconfirmed if it had reached WhatsApp,"
                  + " else due again",
              first.id(),
              e);
          return null;
        }
        log.warn(
            "Could not record the outcome of message {} ({}); retrying in {} s",
            first.id(),
            e.getMessage(),
            RETRY_EVERY.toSeconds());
        try {
          Thread.sleep(RETRY_EVERY.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }
}
