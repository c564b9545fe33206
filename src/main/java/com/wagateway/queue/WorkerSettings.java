package com.wagateway.queue;

import com.wagateway.config.Config;
import java.time.Duration;

/** How the worker paces itself: poll interval, batch size, lease, attempts and backoff. */
public record WorkerSettings(
    Duration pollInterval, int batchSize, Duration lease, int maxAttempts, Backoff backoff) {

  public static WorkerSettings from(Config.Worker worker) {
    return new WorkerSettings(
        worker.pollInterval(),
        worker.batchSize(),
        worker.lease(),
        worker.maxAttempts(),
        new Backoff(worker.retryBaseDelay(), worker.retryMaxDelay()));
  }
}
