package com.wagateway.whatsapp;

import com.wagateway.maintenance.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openqa.selenium.WebDriverException;

/**
 * Runs driver calls that must answer within a budget: a browser that cannot answer a few DOM
 * queries in that time is hung, and the caller gives up on it instead of waiting with it. A call
 * that hangs keeps its thread until the browser is abandoned.
 */
final class BoundedCalls implements AutoCloseable {
  private final Duration budget;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(DaemonThreads.named("whatsapp-probe"));

  BoundedCalls(Duration budget) {
    this.budget = budget;
  }

  /** The call's answer; {@link HungException} when none came within the budget. */
  Object call(Callable<Object> call) {
    Future<Object> result = threads.submit(call);
    try {
      return result.get(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new HungException("no answer to a page probe within " + budget.toSeconds() + " s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new WebDriverException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WebDriverException("interrupted while probing the page");
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }

  /** The browser did not answer within the budget. */
  static final class HungException extends RuntimeException {
    HungException(String message) {
      super(message, null, false, false);
    }
  }
}
