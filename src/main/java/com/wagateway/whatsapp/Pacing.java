package com.wagateway.whatsapp;

import com.wagateway.maintenance.MonotonicClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Spaces sends like a person would: at least {@code interval} between two sends plus a random
 * {@code jitter}. Accounts that fire messages back to back get reported and banned. Time is read
 * from the injected {@link Clock}, so tests step it.
 */
final class Pacing {
  private final long intervalNanos;
  private final long jitterNanos;
  private final Clock clock;
  private volatile Instant lastSend;

  Pacing(Duration interval, Duration jitter) {
    this(interval, jitter, MonotonicClock.fromNow());
  }

  Pacing(Duration interval, Duration jitter, Clock clock) {
    this.intervalNanos = interval.toNanos();
    this.jitterNanos = jitter.toNanos();
    this.clock = clock;
  }

  /** Sleeps until the next send may start. Called by whoever holds the browser's turn. */
  void awaitTurn() throws InterruptedException {
    long wait = untilNextTurn().toNanos();
    if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
  }

  /** How long the next send waits from now: the interval plus a new draw of the jitter. */
  Duration untilNextTurn() {
    Instant last = lastSend;
    if (last == null || (intervalNanos == 0 && jitterNanos == 0)) return Duration.ZERO;
    long gap =
        intervalNanos
            + (jitterNanos > 0 ? ThreadLocalRandom.current().nextLong(jitterNanos + 1) : 0);
    long since = Duration.between(last, clock.instant()).toNanos();
    // A wall clock set back never makes a send wait longer than one gap.
    return Duration.ofNanos(Math.min(gap, Math.max(0, gap - since)));
  }

  void sent() {
    lastSend = clock.instant();
  }
}
