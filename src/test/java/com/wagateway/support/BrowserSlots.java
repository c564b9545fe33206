package com.wagateway.support;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * At most two Chromium test classes at a time, whatever the parallelism: on two cores more browsers
 * side by side only slow each other's page loads. A class takes whichever of the two slots frees
 * first (a semaphore, not a lock per slot, so no class waits on a busy slot while the other is
 * free); a class tagged only on some methods takes a slot for each of those methods. A class that
 * waits for a slot waits as a {@link ForkJoinPool.ManagedBlocker}, so JUnit's pool lends its
 * thread's place to another class in the meantime (the pool's max-pool-size in pom.xml leaves room
 * for that).
 */
public final class BrowserSlots
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  static final int SLOTS = 2;

  private static final Semaphore slots = new Semaphore(SLOTS, true);

  @Override
  public void beforeAll(ExtensionContext context) throws InterruptedException {
    take();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    slots.release();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws InterruptedException {
    if (!wholeClass(context)) take();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!wholeClass(context)) slots.release();
  }

  /** Whether the class as a whole is a browser test, so that it holds a slot already. */
  private static boolean wholeClass(ExtensionContext context) {
    return AnnotationSupport.isAnnotated(context.getRequiredTestClass(), BrowserTest.class);
  }

  private static void take() throws InterruptedException {
    ForkJoinPool.managedBlock(
        new ForkJoinPool.ManagedBlocker() {
          private boolean taken;

          @Override
          public boolean block() throws InterruptedException {
            if (!taken) {
              slots.acquire();
              taken = true;
            }
            return true;
          }

          @Override
          public boolean isReleasable() {
            if (!taken) taken = slots.tryAcquire();
            return taken;
          }
        });
  }
}
