package com.wagateway.whatsapp;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Spaces sends like a person would: at least {@code interval} between two sends plus a random
 * {@code jitter}. Accounts that fire messages back to back get reported and banned.
 */
final class Pacing {
  private final long intervalNanos;
  private final long jitterNanos;
  private volatile long lastSend = Long.MIN_VALUE;

  Pacing(Duration interval, Duration jitter) {
    this.intervalNanos = interval.toNanos();
    this.jitterNanos = jitter.toNanos();
  }

  /** Sleeps until the next send may start. Called by whoever holds the browser's turn. */
  void awaitTurn() throws InterruptedException {
    if (lastSend == Long.MIN_VALUE || (intervalNanos == 0 && jitterNanos == 0)) return;
    long gap =
        intervalNanos
            + (jitterNanos > 0 ? ThreadLocalRandom.current().nextLong(jitterNanos + 1) : 0);
    long wait = lastSend + gap - System.nanoTime();
    if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
  }

  void sent() {
    lastSend = System.nanoTime();
  }
}
