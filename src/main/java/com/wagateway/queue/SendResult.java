package com.wagateway.queue;

/** What a {@link Sender} says about one message. */
public sealed interface SendResult {

  static SendResult sent() {
    return new Sent(null);
  }

  /** Sent, its bubble's {@code data-id} exactly as the page gave it (the receipts match on it). */
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
   * The tick was seen. {@code waMessageId}: the bubble's {@code data-id} as the page gives it (a
   * bare id, or {@code true_<chat>_<id>} on older pages); null for senders that have none.
   */
  record Sent(String waMessageId) implements SendResult {}

  record PermanentFailure(String reason) implements SendResult {}

  record TransientFailure(String reason) implements SendResult {}

  record Unconfirmed(String reason) implements SendResult {}
}
