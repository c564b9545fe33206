package com.wagateway.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.wagateway.support.SteppedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule follows the clock: a test steps time instead of waiting for it. */
class MaintainerTest {

  /** A task that counts its runs, failing the first {@code failures} of them. */
  private static final class Counted implements MaintenanceTask {
    private final String name;
    private final Duration first;
    private final Duration interval;
    private int failures;
    final List<Integer> runs = new ArrayList<>();

    Counted(String name, Duration first, Duration interval, int failures) {
      this.name = name;
      this.first = first;
      this.interval = interval;
      this.failures = failures;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Duration interval() {
      return interval;
    }

    @Override
    public Duration firstRunAfter() {
      return first;
    }

    @Override
    public void runOnce() {
      runs.add(runs.size() + 1);
      if (failures-- > 0) throw new IllegalStateException("database away");
    }
  }

  @Test
  void aTaskRunsFirstAfterItsDelayThenOncePerInterval() {
    SteppedClock clock = SteppedClock.atNow();
    Counted purge = new Counted("purge", Duration.ofMinutes(2), Duration.ofHours(1), 0);
    try (Maintainer maintainer = new Maintainer(clock, List.of(purge))) {
      assertEquals(List.of(), maintainer.runDue(), "not before its first delay");
      clock.step(Duration.ofMinutes(2));
      assertEquals(List.of("purge"), maintainer.runDue());
      assertEquals(List.of(), maintainer.runDue(), "once per interval");
      clock.step(Duration.ofMinutes(59));
      assertEquals(List.of(), maintainer.runDue());
      clock.step(Duration.ofMinutes(1));
      assertEquals(List.of("purge"), maintainer.runDue());
      assertEquals(2, purge.runs.size());
    }
  }

  @Test
  void tasksKeepTheirOwnSchedules() {
    SteppedClock clock = SteppedClock.atNow();
    Counted rescue = new Counted("rescue", Duration.ZERO, Duration.ofSeconds(10), 0);
    Counted purge = new Counted("purge", Duration.ofMinutes(1), Duration.ofHours(1), 0);
    try (Maintainer maintainer = new Maintainer(clock, List.of(rescue, purge))) {
      assertEquals(List.of("rescue"), maintainer.runDue(), "a zero first delay runs at once");
      for (int i = 0; i < 6; i++) {
        clock.step(Duration.ofSeconds(10));
        maintainer.runDue();
      }
      assertEquals(7, rescue.runs.size());
      assertEquals(1, purge.runs.size());
    }
  }

  @Test
  void aTaskThatFailsRunsAgainAtItsNextTimeAndDoesNotStopTheOthers() {
    SteppedClock clock = SteppedClock.atNow();
    Counted failing = new Counted("failing", Duration.ZERO, Duration.ofSeconds(10), 1);
    Counted other = new Counted("other", Duration.ZERO, Duration.ofSeconds(10), 0);
    try (Maintainer maintainer = new Maintainer(clock, List.of(failing, other))) {
      assertEquals(List.of("failing", "other"), maintainer.runDue());
      assertEquals(List.of(), maintainer.runDue(), "a failure waits for its next time too");
      clock.step(Duration.ofSeconds(10));
      assertEquals(List.of("failing", "other"), maintainer.runDue());
      assertEquals(2, failing.runs.size());
    }
  }
}
