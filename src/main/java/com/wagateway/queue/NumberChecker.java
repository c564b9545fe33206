package com.wagateway.queue;

import java.util.concurrent.CompletableFuture;

/**
 * Asks WhatsApp whether a number (E.164) is on it: the linked account's page, between its sends.
 * Completes when the check ran; {@code onWhatsApp} null means the page could not tell.
 */
@FunctionalInterface
public interface NumberChecker {

  CompletableFuture<Answer> check(String phone);

  /** {@code onWhatsApp}: true, false, or null when unknown ({@code detail} says why). */
  record Answer(Boolean onWhatsApp, String detail) {}

  /** For an instance without WhatsApp Web: every answer is unknown. */
  static NumberChecker unavailable(String why) {
    return phone -> CompletableFuture.completedFuture(new Answer(null, why));
  }
}
