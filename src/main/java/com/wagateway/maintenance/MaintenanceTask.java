package com.wagateway.maintenance;

import java.time.Duration;

/**
 * One kind of upkeep that no request waits for: taking back expired claims, purging old rows. The
 * feature that owns the rows defines the task; the {@link Maintainer} runs it on its schedule.
 */
public interface MaintenanceTask {

  /** Names the task in log lines, e.g. {@code "message lease rescue"}. */
  String name();

  /** Time between the end of one run and the start of the next. */
  Duration interval();

  /** Time from start-up to the first run; staggered so that tasks do not all start together. */
  default Duration firstRunAfter() {
    return interval();
  }

  /** One run; logs what it did. An exception is logged and the task runs again next time. */
  void runOnce();
}
