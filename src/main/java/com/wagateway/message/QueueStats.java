package com.wagateway.message;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.min;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jooq.types.DayToSecond;

/** The queue at a glance, for the operator: is it draining, and how fast. */
public final class QueueStats {
  // A delivered or read message was sent first: the counts of sends include them.
  private static final List<String> SENT_OR_LATER =
      List.of(
          MessageStatus.SENT.value(), MessageStatus.DELIVERED.value(), MessageStatus.READ.value());

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
    int sentLastHour = sentLastHour();
    return new Snapshot(counts, oldest, sentLastHour);
  }

  private int sentLastHour() {
    return db.selectCount()
        .from(MESSAGE_QUEUE)
        .where(MESSAGE_QUEUE.STATUS.in(SENT_OR_LATER))
        .and(
            MESSAGE_QUEUE.SENT_AT.gt(
                currentOffsetDateTime().minus(DayToSecond.valueOf(Duration.ofHours(1)))))
        .fetchOne(0, int.class);
  }

  /** Sends and failures in one clock hour (UTC) starting at {@code start}. */
  public record Hour(OffsetDateTime start, int sent, int failed) {}

  /**
   * The last 24 hours, oldest first, the current (partial) hour last; with the totals of sends in
   * the last hour and day.
   */
  public record Activity(List<Hour> hours, int sentLastHour, int sentLastDay, int failedLastDay) {}

  public Activity lastDay() {
    DayToSecond day = DayToSecond.valueOf(Duration.ofDays(1));
    OffsetDateTime now = db.select(currentOffsetDateTime()).fetchOne(0, OffsetDateTime.class);
    OffsetDateTime firstHour =
        now.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).minusHours(23);
    Map<OffsetDateTime, Integer> sent =
        perHour(MESSAGE_QUEUE.SENT_AT, SENT_OR_LATER, currentOffsetDateTime().minus(day));
    // A failed message keeps the due time of its last attempt in send_at: the failure came
    // within a send timeout of it, close enough for an hourly chart.
    Map<OffsetDateTime, Integer> failed =
        perHour(
            MESSAGE_QUEUE.SEND_AT,
            List.of(MessageStatus.FAILED.value()),
            currentOffsetDateTime().minus(day));
    List<Hour> hours = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      OffsetDateTime start = firstHour.plusHours(i);
      hours.add(new Hour(start, sent.getOrDefault(start, 0), failed.getOrDefault(start, 0)));
    }
    int sentLastHour = sentLastHour();
    return new Activity(
        hours,
        sentLastHour,
        sent.values().stream().mapToInt(Integer::intValue).sum(),
        failed.values().stream().mapToInt(Integer::intValue).sum());
  }

  private Map<OffsetDateTime, Integer> perHour(
      Field<OffsetDateTime> at, List<String> statuses, Field<OffsetDateTime> since) {
    Field<OffsetDateTime> hour = DSL.trunc(at, DatePart.HOUR).as("hour");
    Map<OffsetDateTime, Integer> counts = new HashMap<>();
    db.select(hour, count())
        .from(MESSAGE_QUEUE)
        .where(MESSAGE_QUEUE.STATUS.in(statuses))
        .and(at.gt(since))
        .groupBy(hour)
        .forEach(
            r ->
                counts.merge(
                    r.value1().withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS),
                    r.value2(),
                    Integer::sum));
    return counts;
  }
}
