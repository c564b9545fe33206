package com.wagateway.webhook;

import com.wagateway.maintenance.MaintenanceTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Takes back webhook deliveries whose instance stopped answering (lease expired): due again. */
final class DeliveryRescue implements MaintenanceTask {
  private static final Logger log = LoggerFactory.getLogger(DeliveryRescue.class);

  private final DeliveryStore store;

  DeliveryRescue(DeliveryStore store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "webhook delivery rescue";
  }

  @Override
  public Duration interval() {
    return Duration.ofSeconds(10);
  }

  @Override
  public Duration firstRunAfter() {
    return Duration.ZERO;
  }

  @Override
  public void runOnce() {
    int rescued = store.rescueExpired();
    if (rescued > 0)
      log.warn(
          "Took back {} webhook deliveries whose instance stopped answering (lease expired);"
              + " they are due again",
          rescued);
  }
}
