package com.wagateway.queue;

import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

import com.wagateway.message.MessageStatus;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.types.DayToSecond;

/**
 * The worker's side of the queue table: claim due rows, record each outcome, rescue expired leases.
 * Every change after the claim is fenced on {@code status='sending' AND claimed_by=<instance>}, so
 * a late writer whose lease expired changes nothing.
 */
public final class MessageQueue {
  private static final String PENDING = MessageStatus.PENDING.value();
  private static final String SENDING = MessageStatus.SENDING.value();

  private final DSLContext db;
  private final String instanceId;

  public MessageQueue(DSLContext db, String instanceId) {
    this.db = db;
    this.instanceId = instanceId;
  }

  public String instanceId() {
    return instanceId;
  }

  /**
   * Claims up to {@code limit} due pending messages in one statement and commits at once; the send
   * happens outside any transaction.
   */
  public List<OutgoingMessage> claim(int limit, Duration lease) {
    // MATERIALIZED: without it the planner may inline the LIMIT subquery into a nested loop and
    // lock (and update) more rows than asked for.
    CommonTableExpression<Record2<Long, String>> due =
        name("due")
            .fields("id", "phone")
            .asMaterialized(
                select(MESSAGE_QUEUE.ID, CONTACT.PHONE)
                    .from(MESSAGE_QUEUE)
                    .join(CONTACT)
                    .on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
                    .where(MESSAGE_QUEUE.STATUS.eq(PENDING))
                    .and(MESSAGE_QUEUE.SEND_AT.le(currentOffsetDateTime()))
                    .orderBy(MESSAGE_QUEUE.SEND_AT, MESSAGE_QUEUE.ID)
                    .limit(limit)
                    .forUpdate()
                    .of(MESSAGE_QUEUE)
                    .skipLocked());
    Field<Long> dueId = due.field("id", Long.class);
    Field<String> duePhone = due.field("phone", String.class);
    return db.with(due)
        .update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, SENDING)
        .set(MESSAGE_QUEUE.ATTEMPTS, MESSAGE_QUEUE.ATTEMPTS.plus(1))
        .set(MESSAGE_QUEUE.CLAIMED_BY, instanceId)
        .set(MESSAGE_QUEUE.LEASE_UNTIL, leaseEnd(lease))
        .from(due)
        .where(MESSAGE_QUEUE.ID.eq(dueId))
        .returningResult(
            MESSAGE_QUEUE.ID,
            duePhone,
            MESSAGE_QUEUE.TEXT,
            MESSAGE_QUEUE.ATTEMPTS,
            MESSAGE_QUEUE.RESCUED,
            MESSAGE_QUEUE.SEND_AT)
        .fetch()
        .sortAsc(MESSAGE_QUEUE.SEND_AT)
        .map(r -> new OutgoingMessage(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
  }

  /** Extends the lease of messages this instance still holds, while a slow send is under way. */
  public int renewLeases(Collection<Long> ids, Duration lease) {
    return db.update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.LEASE_UNTIL, leaseEnd(lease))
        .where(MESSAGE_QUEUE.ID.in(ids))
        .and(heldByMe())
        .execute();
  }

  public boolean markSent(long id) {
    return markSent(List.of(id)).contains(id);
  }

  /** Marks several messages sent in one statement; returns the ids still held by this instance. */
  public Set<Long> markSent(Collection<Long> ids) {
    return new HashSet<>(
        db.update(MESSAGE_QUEUE)
            .set(MESSAGE_QUEUE.STATUS, MessageStatus.SENT.value())
            .set(MESSAGE_QUEUE.SENT_AT, currentOffsetDateTime())
            .set(MESSAGE_QUEUE.ERROR_REASON, (String) null)
            .set(MESSAGE_QUEUE.LEASE_UNTIL, (OffsetDateTime) null)
            .where(MESSAGE_QUEUE.ID.in(ids))
            .and(heldByMe())
            .returningResult(MESSAGE_QUEUE.ID)
            .fetch(MESSAGE_QUEUE.ID));
  }

  public boolean markFailed(long id, String reason) {
    return db.update(MESSAGE_QUEUE)
            .set(MESSAGE_QUEUE.STATUS, MessageStatus.FAILED.value())
            .set(MESSAGE_QUEUE.ERROR_REASON, reason)
            .set(MESSAGE_QUEUE.LEASE_UNTIL, (OffsetDateTime) null)
            .where(MESSAGE_QUEUE.ID.eq(id))
            .and(heldByMe())
            .execute()
        == 1;
  }

  /** Back to pending, due again after {@code delay}; the reason stays visible meanwhile. */
  public boolean retryLater(long id, String reason, Duration delay) {
    return db.update(MESSAGE_QUEUE)
            .set(MESSAGE_QUEUE.STATUS, PENDING)
            .set(MESSAGE_QUEUE.ERROR_REASON, reason)
            .set(MESSAGE_QUEUE.SEND_AT, currentOffsetDateTime().plus(interval(delay)))
            .set(MESSAGE_QUEUE.CLAIMED_BY, (String) null)
            .set(MESSAGE_QUEUE.LEASE_UNTIL, (OffsetDateTime) null)
            .where(MESSAGE_QUEUE.ID.eq(id))
            .and(heldByMe())
            .execute()
        == 1;
  }

  /**
   * Returns messages whose claimant's lease expired (a dead or hung instance) to pending, or fails
   * them when they have used up their attempts. One guarded statement: only rows still {@code
   * sending} with an expired lease, so a finished row is never overwritten.
   */
  public int rescueExpired(int maxAttempts) {
    Field<Boolean> exhausted = MESSAGE_QUEUE.ATTEMPTS.ge(maxAttempts);
    return db.update(MESSAGE_QUEUE)
        .set(
            MESSAGE_QUEUE.STATUS,
            when(exhausted, inline(MessageStatus.FAILED.value())).otherwise(inline(PENDING)))
        .set(
            MESSAGE_QUEUE.ERROR_REASON,
            when(
                    exhausted,
                    val(
                        "The instance sending this message stopped answering (lease expired) after "
                            + "the last allowed attempt; it may or may not have reached the phone"))
                .otherwise(MESSAGE_QUEUE.ERROR_REASON))
        .set(MESSAGE_QUEUE.RESCUED, MESSAGE_QUEUE.RESCUED.plus(1))
        .set(MESSAGE_QUEUE.CLAIMED_BY, (String) null)
        .set(MESSAGE_QUEUE.LEASE_UNTIL, (OffsetDateTime) null)
        .where(MESSAGE_QUEUE.STATUS.eq(SENDING))
        .and(MESSAGE_QUEUE.LEASE_UNTIL.lt(currentOffsetDateTime()))
        .execute();
  }

  /**
   * Hands this instance's claimed messages back at shutdown, unsent, so nothing waits for a lease.
   */
  public int releaseAll(Collection<Long> ids) {
    if (ids.isEmpty()) return 0;
    return db.update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, PENDING)
        .set(MESSAGE_QUEUE.ATTEMPTS, MESSAGE_QUEUE.ATTEMPTS.minus(1))
        .set(MESSAGE_QUEUE.CLAIMED_BY, (String) null)
        .set(MESSAGE_QUEUE.LEASE_UNTIL, (OffsetDateTime) null)
        .where(MESSAGE_QUEUE.ID.in(ids))
        .and(heldByMe())
        .execute();
  }

  /**
   * Hands back every message claimed by this instance. Only for when it holds none in memory: after
   * a claim whose answer was lost (the connection broke after the commit) or a batch cut short by a
   * database error, so those rows need not wait for their lease to expire.
   */
  public int releaseOrphanedClaims() {
    return db.update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, PENDING)
        .set(MESSAGE_QUEUE.ATTEMPTS, MESSAGE_QUEUE.ATTEMPTS.minus(1))
        .set(MESSAGE_QUEUE.CLAIMED_BY, (String) null)
        .set(MESSAGE_QUEUE.LEASE_UNTIL, (OffsetDateTime) null)
        .where(heldByMe())
        .execute();
  }

  private org.jooq.Condition heldByMe() {
    return MESSAGE_QUEUE.STATUS.eq(SENDING).and(MESSAGE_QUEUE.CLAIMED_BY.eq(instanceId));
  }

  private static Field<OffsetDateTime> leaseEnd(Duration lease) {
    return currentOffsetDateTime().plus(interval(lease));
  }

  private static Field<DayToSecond> interval(Duration d) {
    return val(DayToSecond.valueOf(d));
  }
}
