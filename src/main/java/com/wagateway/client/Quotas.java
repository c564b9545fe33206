package com.wagateway.client;

import static com.wagateway.db.schema.Tables.QUOTA_BUCKET;
import static org.jooq.impl.DSL.any;

import com.wagateway.db.ArrayValues;
import com.wagateway.db.schema.tables.records.QuotaBucketRecord;
import com.wagateway.domain.QuotaExceededException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;

/**
 * Per-client limits on messages created per minute and per day, a client's own limits overriding
 * the service defaults, 0 meaning no limit. Each is a token bucket: a quota of N per minute lets a
 * client send N at once, then one more every 60/N s. A bucket is one timestamp per client and
 * window (the generic cell rate algorithm), so deciding costs the same however many messages the
 * client has sent.
 */
public final class Quotas {
  private static final long MINUTE_MICROS = 60_000_000L;
  private static final long DAY_MICROS = 86_400_000_000L;

  private final int defaultPerMinute;
  private final int defaultPerDay;

  public Quotas(int defaultPerMinute, int defaultPerDay) {
    this.defaultPerMinute = defaultPerMinute;
    this.defaultPerDay = defaultPerDay;
  }

  /** A client's limits: its own (null: the default) as read in the deciding transaction. */
  public record Limits(int perMinute, int perDay) {
    boolean any() {
      return perMinute != 0 || perDay != 0;
    }
  }

  public Limits limits(Integer ownPerMinute, Integer ownPerDay) {
    return new Limits(
        ownPerMinute == null ? defaultPerMinute : ownPerMinute,
        ownPerDay == null ? defaultPerDay : ownPerDay);
  }

  /**
   * Opens the buckets of these clients inside the transaction that will store their messages, at
   * that transaction's time {@code now}. The buckets stay locked until it ends, so requests of one
   * client count one after another on every instance and none squeezes past the limit.
   */
  public Ledger open(DSLContext tx, Map<Long, Limits> clients, OffsetDateTime now) {
    List<Long> limited =
        clients.entrySet().stream().filter(e -> e.getValue().any()).map(Map.Entry::getKey).toList();
    Map<Long, Bucket> buckets = new HashMap<>();
    if (!limited.isEmpty()) {
      lock(tx, limited, buckets);
      if (buckets.size() < limited.size()) {
        // A client's first limited request: its bucket starts full. Concurrent first requests
        // meet on the primary key, then both lock the one row.
        var insert = tx.insertInto(QUOTA_BUCKET).columns(QUOTA_BUCKET.fields());
        for (Long id : limited) if (!buckets.containsKey(id)) insert = insert.values(id, now, now);
        insert.onConflictDoNothing().execute();
        lock(tx, limited.stream().filter(id -> !buckets.containsKey(id)).toList(), buckets);
      }
    }
    return new Ledger(clients, buckets, micros(now));
  }

  private static void lock(DSLContext tx, List<Long> clientIds, Map<Long, Bucket> into) {
    // Ordered, so two transactions lock the same buckets in the same order and cannot deadlock.
    for (QuotaBucketRecord r :
        tx.selectFrom(QUOTA_BUCKET)
            .where(QUOTA_BUCKET.CLIENT_ID.eq(any(ArrayValues.longs(clientIds))))
            .orderBy(QUOTA_BUCKET.CLIENT_ID)
            .forUpdate()
            .fetch()) {
      into.put(
          r.getClientId(),
          new Bucket(micros(r.getMinuteFullAt()), micros(r.getDayFullAt()), false));
    }
  }

  /** The open buckets of one transaction: take from them in order of arrival, then save. */
  public static final class Ledger {
    private final Map<Long, Limits> limits;
    private final Map<Long, Bucket> buckets;
    private final long now;

    private Ledger(Map<Long, Limits> limits, Map<Long, Bucket> buckets, long now) {
      this.limits = limits;
      this.buckets = buckets;
      this.now = now;
    }

    /**
     * Takes {@code count} messages from the client's allowance, or refuses with 429 taking none.
     */
    public void take(long clientId, int count) {
      Bucket bucket = buckets.get(clientId);
      if (bucket == null) return;
      Limits l = limits.get(clientId);
      long minute = next(bucket.minuteFullAt, count, l.perMinute, MINUTE_MICROS, "minute");
      long day = next(bucket.dayFullAt, count, l.perDay, DAY_MICROS, "day");
      buckets.put(clientId, new Bucket(minute, day, true));
    }

    private long next(long fullAt, int count, int limit, long window, String unit) {
      if (limit == 0) return fullAt;
      long seconds = window / 1_000_000;
      if (count > limit) {
        throw new QuotaExceededException(
            "This request has "
                + count
                + " messages but the quota is "
                + limit
                + " per "
                + unit
                + "; nothing was stored. Send them in smaller batches.",
            seconds);
      }
      long interval = window / limit;
      long after = Math.max(fullAt, now) + count * interval;
      long overBy = after - now - interval * limit;
      if (overBy <= 0) return after;
      long retryAfter = Math.max(1, (overBy + 999_999) / 1_000_000);
      throw new QuotaExceededException(
          "Quota of "
              + limit
              + " messages per "
              + unit
              + " reached; nothing was stored. Retry after "
              + retryAfter
              + " s.",
          retryAfter);
    }

    /** Writes the buckets something was taken from; call before the transaction commits. */
    public void save(DSLContext tx) {
      // One JDBC batch: a single round trip however many clients the transaction served.
      BatchBindStep updates =
          tx.batch(
              tx.update(QUOTA_BUCKET)
                  .set(QUOTA_BUCKET.MINUTE_FULL_AT, (OffsetDateTime) null)
                  .set(QUOTA_BUCKET.DAY_FULL_AT, (OffsetDateTime) null)
                  .where(QUOTA_BUCKET.CLIENT_ID.eq((Long) null)));
      boolean any = false;
      for (Map.Entry<Long, Bucket> e : buckets.entrySet()) {
        Bucket b = e.getValue();
        if (!b.changed) continue;
        updates.bind(time(b.minuteFullAt), time(b.dayFullAt), e.getKey());
        any = true;
      }
      if (any) updates.execute();
    }
  }

  private record Bucket(long minuteFullAt, long dayFullAt, boolean changed) {}

  private static long micros(OffsetDateTime t) {
    Instant i = t.toInstant();
    return i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000;
  }

  private static OffsetDateTime time(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }
}
