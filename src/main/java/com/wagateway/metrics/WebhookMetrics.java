package com.wagateway.metrics;

import static com.wagateway.db.schema.Tables.WEBHOOK_DELIVERY;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import com.wagateway.webhook.WebhookEvents;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook attempts by result (this instance), and the age of the oldest undelivered event (all
 * instances, read at scrape time from the partial index of undelivered rows).
 */
public final class WebhookMetrics implements WebhookEvents {
  private static final Logger log = LoggerFactory.getLogger(WebhookMetrics.class);
  private static final String[] RESULTS = {"delivered", "retrying", "dead", "lost"};

  private final Counter attempts;
  private final Counter sessionEventsLost;

  public WebhookMetrics(PrometheusRegistry registry, DSLContext db) {
    attempts =
        Counter.builder()
            .name("wa_webhook_deliveries_total")
            .help(
                "Webhook attempts of this instance by what followed: delivered (a 2xx), retrying"
                    + " (due again later), dead (given up after WA_WEBHOOK_MAX_AGE) or lost (the"
                    + " claim was taken back meanwhile)")
            .labelNames("result")
            .register(registry);
    for (String r : RESULTS) attempts.labelValues(r);
    sessionEventsLost =
        Counter.builder()
            .name("wa_webhook_session_events_lost_total")
            .help("session.state_changed events that could not be written to the outbox")
            .register(registry);
    GaugeWithCallback.builder()
        .name("wa_webhook_oldest_undelivered_age")
        .help("How long the oldest undelivered webhook event has waited (0 when none waits)")
        .unit(Unit.SECONDS)
        .callback(
            cb -> {
              try {
                Record2<OffsetDateTime, OffsetDateTime> r =
                    db.select(WEBHOOK_DELIVERY.CREATED_AT, currentOffsetDateTime())
                        .from(WEBHOOK_DELIVERY)
                        .where(WEBHOOK_DELIVERY.STATE.in("pending", "delivering"))
                        .orderBy(WEBHOOK_DELIVERY.ID)
                        .limit(1)
                        .fetchOne();
                cb.call(
                    r == null
                        ? 0
                        : Math.max(
                            0, Duration.between(r.value1(), r.value2()).toMillis() / 1000.0));
              } catch (RuntimeException e) {
                log.debug("Could not read the oldest undelivered webhook event", e);
              }
            })
        .register(registry);
  }

  @Override
  public void attempted(String result, long millis) {
    attempts.labelValues(result).inc();
  }

  @Override
  public void sessionEventLost() {
    sessionEventsLost.inc();
  }
}
