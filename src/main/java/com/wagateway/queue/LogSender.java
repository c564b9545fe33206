package com.wagateway.queue;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dry-run sender ({@code WA_SENDER=log}): logs each message and reports it sent. */
public final class LogSender implements Sender {
  private static final Logger log = LoggerFactory.getLogger(LogSender.class);

  private final Duration delay;

  public LogSender() {
    this(Duration.ZERO);
  }

  /**
   * {@code delay} ({@code WA_LOG_SENDER_DELAY}) makes each send take that long before its point of
   * no return, like a real browser opening the chat: for fault drills (kill or stop the service
   * mid-send) and benchmarks.
   */
  public LogSender(Duration delay) {
    this.delay = delay;
  }

  @Override
  public SendResult send(OutgoingMessage message, Handoff handoff) {
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return SendResult.transientFailure("Interrupted during the dry-run delay");
      }
    }
    if (!handoff.begin()) {
      return SendResult.transientFailure(
          "Not sent: the queue could not record that the message was about to leave");
    }
    // The text is the customer's content: log its size, never the words.
    log.info(
        "Dry run (WA_SENDER=log): message {} to {} ({} characters) counted as sent",
        message.id(),
        message.phone(),
        message.text().length());
    return SendResult.sent();
  }

  @Override
  public boolean reachesPeople() {
    return false;
  }

  @Override
  public String state() {
    return "ready";
  }
}
