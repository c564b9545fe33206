package com.wagateway.message;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.min;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.types.DayToSecond;

/** The queue at a glance, for the operator: is it draining, and how fast. */
public final class QueueStats {
  private final DSLContext db;

  public QueueStats(DSLContext db) {
    this.db = db;
  }

  /**
   * {@code counts} per status (every status, zeros included); {@code oldest_due_age_seconds}: how
   * long the longest-waiting due pending message has been due (null when none is due); {@code
   * sent_last_hour}.
   */
  public record Snapshot(
      Map<String, Integer> counts, Long oldest_due_age_seconds, int sent_last_hour) {}

  public Snapshot snapshot() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (MessageStatus s : MessageStatus.values()) counts.put(s.value(), 0);
    db.select(MESSAGE_QUEUE.STATUS, count())
        .from(MESSAGE_QUEUE)
        .groupBy(MESSAGE_QUEUE.STATUS)
        .forEach(r -> counts.put(r.value1(), r.value2()));
    Record2<OffsetDateTime, OffsetDateTime> due =
        db.select(min(MESSAGE_QUEUE.SEND_AT), currentOffsetDateTime())
            .from(MESSAGE_QUEUE)
            .where(MESSAGE_QUEUE.STATUS.eq(MessageStatus.PENDING.value()))
            .and(MESSAGE_QUEUE.SEND_AT.le(currentOffsetDateTime()))
            .fetchOne();
    Long oldest =
        due.value1() == null
            ? null
            : Math.max(0, Duration.between(due.value1(), due.value2()).toSeconds());
    int sentLastHour =
        db.selectCount()
            .from(MESSAGE_QUEUE)
            .where(MESSAGE_QUEUE.STATUS.eq(MessageStatus.SENT.value()))
            .and(
                MESSAGE_QUEUE.SENT_AT.gt(
                    currentOffsetDateTime().minus(DayToSecond.valueOf(Duration.ofHours(1)))))
            .fetchOne(0, int.class);
    return new Snapshot(counts, oldest, sentLastHour);
  }
}
