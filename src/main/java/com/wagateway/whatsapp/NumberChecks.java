package com.wagateway.whatsapp;

import com.wagateway.maintenance.DaemonThreads;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's queue of numbers to check, run one at a time on their own thread. Each check takes
 * a turn of the browser behind any waiting send ({@link BrowserTurns}); a number already queued
 * shares the one check.
 */
final class NumberChecks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NumberChecks.class);

  /** More than this waiting means hours of checks at a person's pace: refuse, don't pile up. */
  static final int MAX_QUEUED = 1000;

  private final Function<String, NumberCheckResult> checkNow;
  private final Map<String, CompletableFuture<NumberCheckResult>> queued = new LinkedHashMap<>();
  private final Thread thread;
  private volatile boolean closed;

  NumberChecks(String session, Function<String, NumberCheckResult> checkNow) {
    this.checkNow = checkNow;
    this.thread = DaemonThreads.thread(this::run, "whatsapp-number-checks-" + session);
  }

  void start() {
    thread.start();
  }

  /** The answer for {@code phone} (E.164), once its turn came. */
  synchronized CompletableFuture<NumberCheckResult> check(String phone) {
    CompletableFuture<NumberCheckResult> waiting = queued.get(phone);
    if (waiting != null) return waiting;
    if (closed) return CompletableFuture.completedFuture(NumberCheckResult.unknown("stopping"));
    if (queued.size() >= MAX_QUEUED) {
      return CompletableFuture.completedFuture(
          NumberCheckResult.unknown(
              MAX_QUEUED + " numbers are already waiting to be checked; ask again later"));
    }
    CompletableFuture<NumberCheckResult> future = new CompletableFuture<>();
    queued.put(phone, future);
    notifyAll();
    return future;
  }

  synchronized int waiting() {
    return queued.size();
  }

  private void run() {
    while (!closed) {
      String phone;
      synchronized (this) {
        while (queued.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) return;
        phone = queued.keySet().iterator().next();
      }
      NumberCheckResult result;
      try {
        result = checkNow.apply(phone);
      } catch (RuntimeException e) {
        log.warn("Checking {} failed: {}", phone, BrowserErrors.brief(e));
        result = NumberCheckResult.unknown("the check failed: " + BrowserErrors.brief(e));
      }
      CompletableFuture<NumberCheckResult> future;
      synchronized (this) {
        future = queued.remove(phone);
      }
      if (future != null) future.complete(result);
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      notifyAll();
      for (Iterator<CompletableFuture<NumberCheckResult>> it = queued.values().iterator();
          it.hasNext(); ) {
        it.next().complete(NumberCheckResult.unknown("the service is stopping"));
        it.remove();
      }
    }
    thread.interrupt();
  }
}
