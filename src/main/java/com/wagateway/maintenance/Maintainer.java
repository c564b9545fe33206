package com.wagateway.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the service's background upkeep, each {@link MaintenanceTask} on its own schedule, in one
 * place. The schedule follows the injected {@link Clock}: tests step the clock and call {@link
 * #runDue()} instead of waiting. Whatever a task decides by time (a lease, a retention) it decides
 * by the database's clock, as before; this clock only says when the task runs.
 *
 * <p>Each task has a thread of its own, so a long purge never holds back the rescue of claims.
 */
public final class Maintainer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Maintainer.class);

  private final Clock clock;
  private final List<Scheduled> tasks = new ArrayList<>();
  private final ScheduledExecutorService threads;

  public Maintainer(Clock clock, List<MaintenanceTask> tasks) {
    this.clock = clock;
    Instant now = clock.instant();
    for (MaintenanceTask t : tasks) this.tasks.add(new Scheduled(t, now.plus(t.firstRunAfter())));
    this.threads =
        Executors.newScheduledThreadPool(
            Math.max(1, tasks.size()), DaemonThreads.named("maintenance"));
  }

  public void start() {
    for (Scheduled s : tasks) schedule(s);
    log.info(
        "Maintenance started: {}",
        tasks.stream().map(s -> s.task.name() + " every " + s.task.interval()).toList());
  }

  /** Runs, on the calling thread, every task whose time has come; answers the names of those. */
  public List<String> runDue() {
    List<String> ran = new ArrayList<>();
    for (Scheduled s : tasks) if (runIfDue(s)) ran.add(s.task.name());
    return ran;
  }

  private void schedule(Scheduled s) {
    long delay = Math.max(0, Duration.between(clock.instant(), s.next()).toMillis());
    try {
      threads.schedule(
          () -> {
            runIfDue(s);
            schedule(s);
          },
          delay,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      // closed: nothing more to run
    }
  }

  private boolean runIfDue(Scheduled s) {
    synchronized (s) {
      if (clock.instant().isBefore(s.next)) return false;
      try {
        s.task.runOnce();
      } catch (RuntimeException e) {
        log.warn(
            "Maintenance task '{}' failed ({}); it runs again in {}",
            s.task.name(),
            e.getMessage(),
            s.task.interval());
      }
      s.next = clock.instant().plus(s.task.interval());
      return true;
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }

  private static final class Scheduled {
    final MaintenanceTask task;
    Instant next;

    Scheduled(MaintenanceTask task, Instant next) {
      this.task = task;
      this.next = next;
    }

    synchronized Instant next() {
      return next;
    }
  }
}
