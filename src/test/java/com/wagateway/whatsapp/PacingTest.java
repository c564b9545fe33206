package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.SteppedClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacingTest {

  @Test
  void secondSendWaitsTheIntervalPlusAtMostTheJitter() {
    SteppedClock clock = SteppedClock.atNow();
    Pacing pacing = new Pacing(Duration.ofMillis(150), Duration.ofMillis(100), clock);
    assertEquals(Duration.ZERO, pacing.untilNextTurn(), "the first send waits for nothing");
    pacing.sent();
    for (int i = 0; i < 50; i++) {
      long wait = pacing.untilNextTurn().toMillis();
      assertTrue(wait >= 150 && wait <= 250, "waits " + wait + " ms");
    }
    clock.step(Duration.ofMillis(100));
    long wait = pacing.untilNextTurn().toMillis();
    assertTrue(wait >= 50 && wait <= 150, "the time already passed counts: " + wait + " ms");
    clock.step(Duration.ofMillis(150));
    assertEquals(Duration.ZERO, pacing.untilNextTurn());
  }

  @Test
  void noPacingNeverWaits() {
    Pacing pacing = new Pacing(Duration.ZERO, Duration.ZERO, SteppedClock.atNow());
    pacing.sent();
    assertEquals(Duration.ZERO, pacing.untilNextTurn());
  }

  @Test
  void aClockSetBackNeverMakesASendWaitLongerThanOneGap() {
    SteppedClock clock = SteppedClock.atNow();
    Pacing pacing = new Pacing(Duration.ofMillis(150), Duration.ZERO, clock);
    pacing.sent();
    clock.step(Duration.ofHours(-1));
    assertEquals(Duration.ofMillis(150), pacing.untilNextTurn());
  }
}
