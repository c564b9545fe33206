package com.wagateway.queue;

/** What a {@link Sender} says about one message. */
public sealed interface SendResult {

  static SendResult sent() {
    return Sent.INSTANCE;
  }

  /** Will never succeed (the number is not on WhatsApp): failed at once, never retried. */
  static SendResult permanent(String reason) {
    return new PermanentFailure(reason);
  }

  /** May succeed later (timeout, browser restart, logged out): retried with backoff. */
  static SendResult transientFailure(String reason) {
    return new TransientFailure(reason);
  }

  enum Sent implements SendResult {
    INSTANCE
  }

  record PermanentFailure(String reason) implements SendResult {}

  record TransientFailure(String reason) implements SendResult {}
}
