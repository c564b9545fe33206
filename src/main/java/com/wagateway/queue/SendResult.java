package com.wagateway.queue;

/** What a {@link Sender} says about one message. */
public sealed interface SendResult {

  /** Sent, by a sender that learns no message id (a dry run, a test). */
  static SendResult sent() {
    return new Sent(null);
  }

  /** Sent; {@code waMessageId}: the message's id exactly as the page gives it (null: none seen). */
  static SendResult sent(String waMessageId) {
    return new Sent(waMessageId);
  }

  /** Will never succeed (the number is not on WhatsApp): failed at once, never retried. */
  static SendResult permanent(String reason) {
    return new PermanentFailure(reason);
  }

  /**
   * Did not leave: the text never left the compose box, or the send never got that far (timeout
   * before Enter, browser restart, logged out). Retried with backoff.
   */
  static SendResult transientFailure(String reason) {
    return new TransientFailure(reason);
  }

  /**
   * Past the point of no return (Enter pressed, the compose box let go of the text) without a tick:
   * it may or may not have reached the phone. Terminal; never sent again by itself.
   */
  static SendResult unconfirmed(String reason) {
    return new Unconfirmed(reason);
  }

  /**
   * Confirmed by a tick. {@code waMessageId}: the id WhatsApp gave the message, as its row carries
   * it (a bare id such as {@code 2A327AC82CD56D95E087} since spring 2026, the key {@code
   * true_<chat>_<id>} before); what later receipts match on. Null where the sender saw none.
   */
  record Sent(String waMessageId) implements SendResult {}

  record PermanentFailure(String reason) implements SendResult {}

  record TransientFailure(String reason) implements SendResult {}

  record Unconfirmed(String reason) implements SendResult {}
}
