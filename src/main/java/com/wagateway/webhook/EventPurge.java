package com.wagateway.webhook;

import com.wagateway.config.Config;
import com.wagateway.config.Settings;
import com.wagateway.maintenance.MaintenanceTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes webhook events older than WA_WEBHOOK_KEEP, with their deliveries and attempts. */
final class EventPurge implements MaintenanceTask {
  private static final Logger log = LoggerFactory.getLogger(EventPurge.class);

  private final DeliveryStore store;
  private final Config.Webhooks settings;

  EventPurge(DeliveryStore store, Config.Webhooks settings) {
    this.store = store;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "webhook event purge";
  }

  @Override
  public Duration interval() {
    return Duration.ofHours(1);
  }

  @Override
  public Duration firstRunAfter() {
    return Duration.ZERO;
  }

  @Override
  public void runOnce() {
    int purged = store.purgeOlderThan(settings.keep());
    if (purged > 0)
      log.info(
          "Purged {} webhook events older than {} (WA_WEBHOOK_KEEP)",
          purged,
          Settings.format(settings.keep()));
  }
}
