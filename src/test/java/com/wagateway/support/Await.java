package com.wagateway.support;

import java.util.function.BooleanSupplier;

/** Waiting for something another thread or process does, with a deadline that names it. */
public final class Await {

  private Await() {}

  public static void until(BooleanSupplier condition, long millis, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline)
        throw new AssertionError("Timed out waiting for: " + what);
      Thread.sleep(20);
    }
  }
}
