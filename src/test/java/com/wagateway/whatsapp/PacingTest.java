package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacingTest {

  @Test
  void secondSendWaitsTheIntervalPlusAtMostTheJitter() throws InterruptedException {
    Pacing pacing = new Pacing(Duration.ofMillis(150), Duration.ofMillis(100));
    pacing.awaitTurn();
    pacing.sent();
    long start = System.nanoTime();
    pacing.awaitTurn();
    long waited = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waited >= 140 && waited < 400, "waited " + waited + " ms");
  }

  @Test
  void noPacingNeverWaits() throws InterruptedException {
    Pacing pacing = new Pacing(Duration.ZERO, Duration.ZERO);
    pacing.sent();
    long start = System.nanoTime();
    pacing.awaitTurn();
    assertTrue((System.nanoTime() - start) / 1_000_000 < 50);
  }
}
