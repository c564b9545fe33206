package com.wagateway.queue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for transient failures: base * 2^(attempt-1), capped, then spread
 * by +-20% so messages that failed together (a browser restart) do not retry together.
 */
public record Backoff(Duration base, Duration max) {

  public Duration delayAfter(int attempts) {
    if (base.isZero()) return Duration.ZERO;
    int exponent = Math.max(0, Math.min(attempts - 1, 30));
    long millis = Math.min(max.toMillis(), base.toMillis() * (1L << exponent));
    double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
    return Duration.ofMillis((long) (millis * jitter));
  }
}
