package com.wagateway.client;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import com.wagateway.domain.QuotaExceededException;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.types.DayToSecond;

/**
 * Per-client limits on messages created per minute and per day (sliding windows over {@code
 * message_queue.created_at}); a client's own limits override the service defaults, and 0 means no
 * limit.
 */
public final class Quotas {
  private final int defaultPerMinute;
  private final int defaultPerDay;

  public Quotas(int defaultPerMinute, int defaultPerDay) {
    this.defaultPerMinute = defaultPerMinute;
    this.defaultPerDay = defaultPerDay;
  }

  /**
   * Whether any limit applies to this client, going by its limits as read when it authenticated. An
   * operator's change in between counts from the next request: as if this one had come a moment
   * earlier.
   */
  public boolean applies(Client client) {
    return limit(client.quotaPerMinute(), defaultPerMinute) != 0
        || limit(client.quotaPerDay(), defaultPerDay) != 0;
  }

  /**
   * Refuses with 429 unless {@code count} more messages fit in both windows. Call it inside the
   * transaction that inserts them: when a limit applies it locks the client's row until that
   * transaction ends, so concurrent requests of one client count one after another and cannot both
   * squeeze into the last free slot.
   */
  public void reserve(DSLContext tx, Client client, int count) {
    // A client without limits need not queue its requests behind one another on its row
    // (measured: that lock capped one client's enqueue rate at about 400/s), nor read it again.
    if (!applies(client)) return;
    long clientId = client.id();
    Record2<Integer, Integer> own =
        tx.select(CLIENT.QUOTA_PER_MINUTE, CLIENT.QUOTA_PER_DAY)
            .from(CLIENT)
            .where(CLIENT.ID.eq(clientId))
            .forNoKeyUpdate()
            .fetchOne();
    if (own == null) return;
    int perMinute = limit(own.value1(), defaultPerMinute);
    int perDay = limit(own.value2(), defaultPerDay);
    check(tx, clientId, count, perMinute, Duration.ofMinutes(1), "minute");
    check(tx, clientId, count, perDay, Duration.ofDays(1), "day");
  }

  private static int limit(Integer own, int fallback) {
    return own == null ? fallback : own;
  }

  private static void check(
      DSLContext tx, long clientId, int count, int limit, Duration window, String unit) {
    if (limit == 0) return;
    DayToSecond interval = DayToSecond.valueOf(window);
    int used =
        tx.selectCount()
            .from(MESSAGE_QUEUE)
            .where(MESSAGE_QUEUE.CLIENT_ID.eq(clientId))
            .and(MESSAGE_QUEUE.CREATED_AT.gt(currentOffsetDateTime().minus(interval)))
            .fetchOne(0, int.class);
    if (used + count <= limit) return;
    if (count > limit) {
      throw new QuotaExceededException(
          "This request has "
              + count
              + " messages but the quota is "
              + limit
              + " per "
              + unit
              + "; nothing was stored. Send them in smaller batches.",
          window.toSeconds());
    }
    // The window frees a slot as each old message ages out: wait for the one that makes room.
    int mustExpire = used + count - limit;
    Record2<OffsetDateTime, OffsetDateTime> freeing =
        tx.select(MESSAGE_QUEUE.CREATED_AT, currentOffsetDateTime())
            .from(MESSAGE_QUEUE)
            .where(MESSAGE_QUEUE.CLIENT_ID.eq(clientId))
            .and(MESSAGE_QUEUE.CREATED_AT.gt(currentOffsetDateTime().minus(interval)))
            .orderBy(MESSAGE_QUEUE.CREATED_AT, MESSAGE_QUEUE.ID)
            .offset(mustExpire - 1)
            .limit(1)
            .fetchOne();
    long retryAfter = window.toSeconds();
    if (freeing != null) {
      long millis = Duration.between(freeing.value2(), freeing.value1().plus(window)).toMillis();
      retryAfter = Math.max(1, (millis + 999) / 1000);
    }
    throw new QuotaExceededException(
        "Quota of "
            + limit
            + " messages per "
            + unit
            + " reached ("
            + used
            + " used); nothing was stored. Retry after "
            + retryAfter
            + " s.",
        retryAfter);
  }
}
