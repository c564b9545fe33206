package com.wagateway.whatsapp;

import java.time.Duration;

/**
 * When to try again after the browser died or WhatsApp Web could not be reached: after 0.5 s, then
 * doubling up to a minute. A browser that ran a minute before failing is not in a crash loop, and
 * the count starts afresh.
 */
final class RestartPolicy {
  static final Duration FIRST_DELAY = Duration.ofMillis(500);
  static final Duration MAX_DELAY = Duration.ofMinutes(1);
  static final Duration STABLE_UPTIME = Duration.ofMinutes(1);

  private Duration next = FIRST_DELAY;
  private Duration last = Duration.ZERO;
  private volatile long dueAt = System.nanoTime();

  /** A failure; {@code upFor} is how long the thing ran before it (zero if it never came up). */
  synchronized void failed(Duration upFor) {
    if (upFor.compareTo(STABLE_UPTIME) > 0) next = FIRST_DELAY;
    last = next;
    dueAt = System.nanoTime() + next.toNanos();
    next = next.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : next.multipliedBy(2);
  }

  /** An operator asked for a restart: start at once, and count any failure after it afresh. */
  synchronized void startNow() {
    next = FIRST_DELAY;
    dueAt = System.nanoTime();
  }

  /** It worked: the next failure waits the first delay again. */
  synchronized void succeeded() {
    next = FIRST_DELAY;
  }

  boolean due() {
    return System.nanoTime() - dueAt >= 0;
  }

  /** Milliseconds until the next try may start (0 when due). */
  long millisUntilDue() {
    return Math.max(0, (dueAt - System.nanoTime()) / 1_000_000);
  }

  /** The delay chosen at the last failure, for the log. */
  synchronized Duration lastDelay() {
    return last;
  }
}
