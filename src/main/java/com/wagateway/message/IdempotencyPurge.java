package com.wagateway.message;

import com.wagateway.maintenance.MaintenanceTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes idempotency keys older than {@link Idempotency#RETENTION}. */
public final class IdempotencyPurge implements MaintenanceTask {
  private static final Logger log = LoggerFactory.getLogger(IdempotencyPurge.class);

  private final Idempotency idempotency;

  public IdempotencyPurge(Idempotency idempotency) {
    this.idempotency = idempotency;
  }

  @Override
  public String name() {
    return "idempotency key purge";
  }

  @Override
  public Duration interval() {
    return Duration.ofHours(1);
  }

  @Override
  public Duration firstRunAfter() {
    return Duration.ofMinutes(1);
  }

  @Override
  public void runOnce() {
    int purged = idempotency.purgeExpired();
    if (purged > 0)
      log.info(
          "Purged {} idempotency keys older than {} h", purged, Idempotency.RETENTION.toHours());
  }
}
