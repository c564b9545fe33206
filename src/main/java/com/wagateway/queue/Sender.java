package com.wagateway.queue;

import java.util.Optional;

/**
 * The seam between the queue and WhatsApp: takes one message, answers what happened to it.
 * Implementations are called from one worker thread at a time.
 */
public interface Sender extends AutoCloseable {

  /**
   * Sends one message. Before the point of no return (pressing Enter) the sender calls {@code
   * handoff.begin()} and goes on only if it answered true; after it, the answer is {@link
   * SendResult.Sent} or {@link SendResult.Unconfirmed}, never a failure that would be retried,
   * unless the text provably never left the compose box.
   */
  SendResult send(OutgoingMessage message, Handoff handoff);

  /**
   * Whether a send could succeed now. The worker claims nothing while this is false, so messages
   * wait as pending (for a QR scan, say) instead of burning their attempts.
   */
  default boolean ready() {
    return true;
  }

  /**
   * Whose messages may be claimed now: by default any session's while {@link #ready()}. A sender
   * that runs several WhatsApp accounts names the ready ones.
   */
  default SessionScope scope() {
    return ready() ? SessionScope.ANY : SessionScope.NONE;
  }

  /** Whether a message of {@code session} could be sent now. */
  default boolean ready(String session) {
    return ready();
  }

  /** A short word for logs and health: "ready", "qr_required", "degraded", ... */
  default String state() {
    return ready() ? "ready" : "not_ready";
  }

  /** What the operator should know or do about the state now; null when there is nothing to say. */
  default String detail() {
    return null;
  }

  /**
   * Whether a send can reach a person's phone. Only then must the point of no return be on disk
   * before the send goes on; a dry run's may be lost in a database crash, as nothing left.
   */
  default boolean reachesPeople() {
    return true;
  }

  /**
   * Whether this sender's answers come from WhatsApp itself, so that a chat that opened, or the
   * "not on WhatsApp" popup, tells something about the number (a dry run's answers do not).
   */
  default boolean answersForWhatsApp() {
    return false;
  }

  /** Asks WhatsApp whether a number is on it, when this sender's account can (runs here). */
  default Optional<NumberChecker> numberChecker() {
    return Optional.empty();
  }

  @Override
  default void close() {}
}
