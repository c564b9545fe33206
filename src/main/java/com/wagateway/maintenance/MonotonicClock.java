package com.wagateway.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system's time at start-up, then moved on by {@link System#nanoTime()}: a wall clock set back
 * or forward (NTP, an operator) never makes an interval measured on it shorter or longer, as {@code
 * nanoTime} alone did. For deadlines and schedules inside this JVM; not for timestamps that others
 * compare with their own clocks (a webhook's signature).
 */
public final class MonotonicClock extends Clock {
  private final Instant origin;
  private final long originNanos;

  private MonotonicClock(Instant origin, long originNanos) {
    this.origin = origin;
    this.originNanos = originNanos;
  }

  public static MonotonicClock fromNow() {
    return new MonotonicClock(Instant.now(), System.nanoTime());
  }

  @Override
  public Instant instant() {
    return origin.plus(Duration.ofNanos(System.nanoTime() - originNanos));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a monotonic clock stays in UTC");
  }
}
