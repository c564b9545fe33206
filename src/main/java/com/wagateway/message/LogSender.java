package com.wagateway.message;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dry-run sender ({@code WA_SENDER=log}): logs each message and reports it sent. */
public final class LogSender implements Sender {
  private static final Logger log = LoggerFactory.getLogger(LogSender.class);

  @Override
  public SendResult send(OutgoingMessage message) {
    // The text is the customer's content: log its size, never the words.
    log.info("Dry run (WA_SENDER=log): message {} to {} ({} characters) counted as sent",
        message.id(), message.phone(), message.text().length());
    return SendResult.sent();
  }

  @Override
  public String state() {
    return "ready";
  }
}
