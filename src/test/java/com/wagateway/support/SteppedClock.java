package com.wagateway.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test steps it: time passes when the test says so. */
public final class SteppedClock extends Clock {
  private final AtomicReference<Instant> now;

  public SteppedClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** Starts at the real time now, then moves only when stepped. */
  public static SteppedClock atNow() {
    return new SteppedClock(Instant.now());
  }

  public void step(Duration by) {
    now.updateAndGet(t -> t.plus(by));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a stepped clock stays in UTC");
  }
}
