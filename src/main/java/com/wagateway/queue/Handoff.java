package com.wagateway.queue;

/**
 * The point of no return of one send. A sender calls {@link #begin()} just before it presses Enter
 * (or the send button) and presses it only when that answered true: the queue has then recorded,
 * durably, that the message may reach the phone from this moment on, so whoever finds the claim
 * abandoned later ends it {@code unconfirmed} instead of sending it again.
 */
@FunctionalInterface
public interface Handoff {

  /**
   * Records that the message is about to leave. False: it could not be recorded (the database is
   * unreachable) or the claim is no longer this instance's; the sender must not send, and answers a
   * transient failure.
   */
  boolean begin();

  /** For a sender driven without a queue (a benchmark, a test of the page alone). */
  static Handoff unrecorded() {
    return () -> true;
  }
}
