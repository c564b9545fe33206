package com.wagateway.queue;

/**
 * The seam between the queue and WhatsApp: takes one message, answers what happened to it.
 * Implementations are called from one worker thread at a time.
 */
public interface Sender extends AutoCloseable {

  SendResult send(OutgoingMessage message);

  /**
   * Whether a send could succeed now. The worker claims nothing while this is false, so messages
   * wait as pending (for a QR scan, say) instead of burning their attempts.
   */
  default boolean ready() {
    return true;
  }

  /** A short word for logs and health: "ready", "qr_required", ... */
  default String state() {
    return ready() ? "ready" : "not_ready";
  }

  @Override
  default void close() {}
}
