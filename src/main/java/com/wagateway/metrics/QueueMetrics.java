package com.wagateway.metrics;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.min;

import com.wagateway.message.MessageStatus;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue as the database sees it (all instances together), read at scrape time. Counting by
 * status scans the table, so one reading serves every scrape for {@code maxAge}; the oldest due
 * message comes from the partial index on pending rows and costs nothing.
 */
public final class QueueMetrics {
  private static final Logger log = LoggerFactory.getLogger(QueueMetrics.class);

  private final DSLContext db;
  private final long maxAgeNanos;
  private Reading last;
  private long readAt;

  private record Reading(Map<String, Integer> byStatus, double oldestDueSeconds) {}

  public QueueMetrics(DSLContext db, Duration maxAge) {
    this.db = db;
    this.maxAgeNanos = maxAge.toNanos();
  }

  public void register(PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("wa_messages")
        .help("Messages in the queue table by status, all instances together")
        .labelNames("status")
        .callback(
            cb -> {
              Reading r = reading();
              if (r != null) r.byStatus().forEach((status, n) -> cb.call(n, status));
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("wa_queue_oldest_due_age")
        .help("How long the oldest due pending message has been waiting (0 when none is due)")
        .unit(Unit.SECONDS)
        .callback(
            cb -> {
              Reading r = reading();
              if (r != null) cb.call(r.oldestDueSeconds());
            })
        .register(registry);
  }

  private synchronized Reading reading() {
    long now = System.nanoTime();
    if (last != null && now - readAt < maxAgeNanos) return last;
    try {
      Map<String, Integer> byStatus = new LinkedHashMap<>();
      for (MessageStatus s : MessageStatus.values()) byStatus.put(s.value(), 0);
      db.select(MESSAGE_QUEUE.STATUS, count())
          .from(MESSAGE_QUEUE)
          .groupBy(MESSAGE_QUEUE.STATUS)
          .forEach(r -> byStatus.put(r.value1(), r.value2()));
      OffsetDateTime oldest =
          db.select(min(MESSAGE_QUEUE.SEND_AT))
              .from(MESSAGE_QUEUE)
              .where(MESSAGE_QUEUE.STATUS.eq(MessageStatus.PENDING.value()))
              .and(MESSAGE_QUEUE.SEND_AT.le(currentOffsetDateTime()))
              .fetchOne(0, OffsetDateTime.class);
      double age =
          oldest == null
              ? 0
              : Math.max(0, Duration.between(oldest, OffsetDateTime.now()).toMillis() / 1000.0);
      last = new Reading(byStatus, age);
      readAt = now;
      return last;
    } catch (RuntimeException e) {
      // An outage shows as missing series (and in /health/ready), not as a failed scrape.
      log.debug("Queue metrics not read: {}", e.getMessage());
      last = null;
      return null;
    }
  }
}
