package com.wagateway.metrics;

import static com.wagateway.db.schema.Tables.MEDIA;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.sum;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.math.BigDecimal;
import java.time.Duration;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage held by uploaded files (all clients, all instances), read at scrape time; one reading
 * serves every scrape for {@code maxAge}, since summing the media table grows with its rows.
 */
public final class MediaMetrics {
  private static final Logger log = LoggerFactory.getLogger(MediaMetrics.class);

  private final DSLContext db;
  private final long maxAgeNanos;
  private Reading last;
  private long readAt;

  /** Files whose bytes are stored, and those bytes. */
  public record Reading(long files, long bytes) {}

  public MediaMetrics(DSLContext db, Duration maxAge) {
    this.db = db;
    this.maxAgeNanos = maxAge.toNanos();
  }

  public void register(PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("wa_media_stored")
        .help("Bytes of uploaded files stored in the database (purged files excluded)")
        .unit(Unit.BYTES)
        .callback(
            cb -> {
              Reading r = reading();
              if (r != null) cb.call(r.bytes());
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("wa_media_files")
        .help("Uploaded files whose bytes are stored in the database")
        .callback(
            cb -> {
              Reading r = reading();
              if (r != null) cb.call(r.files());
            })
        .register(registry);
  }

  /** The latest reading (at most {@code maxAge} old), null while the database cannot be read. */
  public synchronized Reading reading() {
    if (last != null && System.nanoTime() - readAt < maxAgeNanos) return last;
    return current();
  }

  /** A reading taken now (the console's overview, which a person watches change). */
  public synchronized Reading current() {
    long now = System.nanoTime();
    try {
      var r =
          db.select(count(), sum(MEDIA.SIZE_BYTES))
              .from(MEDIA)
              .where(MEDIA.SHA256.isNotNull())
              .fetchOne();
      BigDecimal bytes = r.value2();
      last = new Reading(r.value1(), bytes == null ? 0 : bytes.longValue());
      readAt = now;
      return last;
    } catch (RuntimeException e) {
      log.debug("Media metrics not read: {}", e.getMessage());
      last = null;
      return null;
    }
  }
}
