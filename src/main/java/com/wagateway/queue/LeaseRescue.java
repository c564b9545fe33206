package com.wagateway.queue;

import com.wagateway.maintenance.MaintenanceTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back the claims of an instance that stopped answering (their lease expired): due again when
 * they had not reached WhatsApp, unconfirmed when they may have, failed on their last attempt. Runs
 * every half lease, so a dead instance's messages wait at most about a lease and a half.
 */
public final class LeaseRescue implements MaintenanceTask {
  private static final Logger log = LoggerFactory.getLogger(LeaseRescue.class);

  private final MessageQueue queue;
  private final WorkerSettings settings;
  private final Runnable wakeWorker;

  LeaseRescue(MessageQueue queue, WorkerSettings settings, Runnable wakeWorker) {
    this.queue = queue;
    this.settings = settings;
    this.wakeWorker = wakeWorker;
  }

  @Override
  public String name() {
    return "message lease rescue";
  }

  @Override
  public Duration interval() {
    return Duration.ofMillis(Math.max(500, settings.lease().toMillis() / 2));
  }

  @Override
  public void runOnce() {
    MessageQueue.Recovered r = queue.rescueExpired(settings.maxAttempts());
    if (r.total() > 0) {
      log.warn(
          "Rescued {} messages whose sending instance stopped answering (lease expired): {} due"
              + " again (they had not reached WhatsApp), {} unconfirmed (they may have reached"
              + " the phone: not sent again), {} failed (that was their last attempt)",
          r.total(),
          r.pending(),
          r.unconfirmed(),
          r.failed());
      wakeWorker.run();
    }
  }
}
