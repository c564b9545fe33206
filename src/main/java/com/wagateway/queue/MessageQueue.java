package com.wagateway.queue;

import static com.wagateway.db.schema.Sequences.MESSAGE_CLAIM_TOKEN_SEQ;
import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.db.schema.Tables.WA_SESSION;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.values;
import static org.jooq.impl.DSL.when;

import com.wagateway.db.ArrayValues;
import com.wagateway.db.AsyncCommit;
import com.wagateway.message.MessageStatus;
import com.wagateway.message.StatusEvents;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.Result;
import org.jooq.Row3;
import org.jooq.Table;
import org.jooq.UpdateConditionStep;
import org.jooq.impl.DSL;
import org.jooq.types.DayToSecond;

/**
 * The worker's side of the queue table: claim due rows, record each outcome, rescue expired leases.
 * Every change after the claim is fenced on the claim's token ({@code claim_token}, new at every
 * claim) and {@code status='sending'}, so a late writer whose claim was taken over changes nothing.
 *
 * <p>A claim whose holder is gone goes back to pending only when it never reached the point of no
 * return ({@code handoff_at}, written before Enter): otherwise the message may be on the phone, and
 * it ends {@code unconfirmed} instead of being sent a second time.
 */
public final class MessageQueue {
  private static final String PENDING = MessageStatus.PENDING.value();
  private static final String SENDING = MessageStatus.SENDING.value();
  private static final String UNCONFIRMED = MessageStatus.UNCONFIRMED.value();
  private static final String FAILED = MessageStatus.FAILED.value();

  private static final String RESCUED_AFTER_HANDOFF =
      "The instance sending this message stopped answering (lease expired) after it began handing"
          + " the message to WhatsApp: it may or may not have reached the phone. Not sent again"
          + " automatically; check the chat and retry it on purpose if it did not arrive";
  private static final String RESCUED_ON_LAST_ATTEMPT =
      "The instance sending this message stopped answering (lease expired) on the last allowed"
          + " attempt, before handing it to WhatsApp: it was not sent";
  private static final String ORPHANED_AFTER_HANDOFF =
      "The worker lost track of this message (a database error) after it began handing it to"
          + " WhatsApp: it may or may not have reached the phone. Not sent again automatically;"
          + " check the chat and retry it on purpose if it did not arrive";

  private final DSLContext db;
  private final String claimant;
  private final StatusEvents events;

  /**
   * {@code claimant} names this process in {@code claimed_by}; it must be unique per process (see
   * {@code Config}), since {@link #releaseOrphanedClaims()} goes by it.
   */
  public MessageQueue(DSLContext db, String claimant) {
    this(db, claimant, StatusEvents.NONE);
  }

  /**
   * {@code events} hears, in the same transaction, of every message that ends sent, failed or
   * unconfirmed here (the webhook outbox).
   */
  public MessageQueue(DSLContext db, String claimant, StatusEvents events) {
    this.db = db;
    this.claimant = claimant;
    this.events = events;
  }

  public String claimant() {
    return claimant;
  }

  /**
   * Claims up to {@code limit} due pending messages in one statement and commits at once; the send
   * happens outside any transaction. The answer is in send order: by {@code send_at}, then by id,
   * so the messages of one batch request (one {@code send_at}) go out in the order they were made.
   */
  public List<OutgoingMessage> claim(int limit, Duration lease) {
    return claim(limit, lease, SessionScope.ANY);
  }

  /** As {@link #claim(int, Duration)}, only messages of the sessions in {@code scope}. */
  public List<OutgoingMessage> claim(int limit, Duration lease, SessionScope scope) {
    if (scope.empty()) return List.of();
    // Each session's due messages are read in send order from its own range of
    // message_session_due_idx, at most limit of them, and only then merged and cut to limit. Asked
    // as one condition over all sessions ("session_name = ANY(...)", or none at all), the planner
    // sorts every due message on each claim whenever its statistics say almost nothing is pending,
    // which is just what a campaign's burst looks like until the next ANALYZE: 20,000 due messages
    // drained at about 600 a second instead of thousands. Every pending message's session exists
    // (a session is not deleted while it has any), so "any session" is every session.
    Field<String[]> sessions =
        scope.any()
            ? DSL.array(select(WA_SESSION.NAME).from(WA_SESSION))
            : ArrayValues.strings(scope.sessions());
    Table<?> session = DSL.unnest(sessions).as("s", "name");
    Table<Record2<Long, OffsetDateTime>> ofSession =
        select(MESSAGE_QUEUE.ID, MESSAGE_QUEUE.SEND_AT)
            .from(MESSAGE_QUEUE)
            .where(MESSAGE_QUEUE.SESSION_NAME.eq(session.field("name", String.class)))
            .and(MESSAGE_QUEUE.STATUS.eq(PENDING))
            .and(MESSAGE_QUEUE.SEND_AT.le(currentOffsetDateTime()))
            .orderBy(MESSAGE_QUEUE.SEND_AT, MESSAGE_QUEUE.ID)
            .limit(limit)
            .forUpdate()
            .of(MESSAGE_QUEUE)
            .skipLocked()
            .asTable("d");
    Field<Long> candidateId = ofSession.field(MESSAGE_QUEUE.ID);
    // MATERIALIZED: without it the planner may inline the LIMIT subquery into a nested loop and
    // lock (and update) more rows than asked for.
    CommonTableExpression<Record1<Long>> due =
        name("due")
            .fields("id")
            .asMaterialized(
                select(candidateId)
                    .from(session.crossJoin(lateral(ofSession)))
                    .orderBy(ofSession.field(MESSAGE_QUEUE.SEND_AT), candidateId)
                    .limit(limit));
    Field<Long> dueId = due.field("id", Long.class);
    record Claimed(OffsetDateTime sendAt, OutgoingMessage message) {}
    // UPDATE ... RETURNING answers in the order rows were updated, which the join decides.
    return AsyncCommit.run(
            db,
            t ->
                t.with(due)
                    .update(MESSAGE_QUEUE)
                    .set(MESSAGE_QUEUE.STATUS, SENDING)
                    .set(MESSAGE_QUEUE.ATTEMPTS, MESSAGE_QUEUE.ATTEMPTS.plus(1))
                    .set(MESSAGE_QUEUE.CLAIMED_BY, claimant)
                    .set(MESSAGE_QUEUE.CLAIM_TOKEN, MESSAGE_CLAIM_TOKEN_SEQ.nextval())
                    .set(MESSAGE_QUEUE.HANDOFF_AT, (OffsetDateTime) null)
                    .set(MESSAGE_QUEUE.LEASE_UNTIL, leaseEnd(lease))
                    .from(due, CONTACT)
                    .where(MESSAGE_QUEUE.ID.eq(dueId))
                    .and(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
                    .returningResult(
                        MESSAGE_QUEUE.ID,
                        CONTACT.PHONE,
                        MESSAGE_QUEUE.TEXT,
                        MESSAGE_QUEUE.ATTEMPTS,
                        MESSAGE_QUEUE.RESCUED,
                        MESSAGE_QUEUE.CLAIM_TOKEN,
                        MESSAGE_QUEUE.SEND_AT,
                        MESSAGE_QUEUE.SESSION_NAME,
                        MESSAGE_QUEUE.MEDIA_ID,
                        MESSAGE_QUEUE.AS_DOCUMENT)
                    .fetch(
                        r ->
                            new Claimed(
                                r.value7(),
                                new OutgoingMessage(
                                    r.value1(),
                                    r.value2(),
                                    r.value3(),
                                    r.value4(),
                                    r.value5(),
                                    r.value6(),
                                    r.value8(),
                                    r.value9(),
                                    r.value10()))))
        .stream()
        .sorted(Comparator.comparing(Claimed::sendAt).thenComparingLong(c -> c.message().id()))
        .map(Claimed::message)
        .toList();
  }

  /**
   * Records, before Enter, that the message may reach the phone from now on. False when the claim
   * is no longer ours: the sender must not send it. Its commit waits for the disk, unlike the
   * worker's other commits: a handoff lost in a database crash would let the rescue send the
   * message again.
   */
  public boolean markHandoff(OutgoingMessage m) {
    return db.update(MESSAGE_QUEUE)
            .set(MESSAGE_QUEUE.HANDOFF_AT, currentOffsetDateTime())
            .where(fenced(m))
            .execute()
        == 1;
  }

  /** Extends the leases of the claims this instance holds; returns the ids still held. */
  public Set<Long> renewLeases(Collection<OutgoingMessage> held, Duration lease) {
    if (held.isEmpty()) return Set.of();
    return new HashSet<>(AsyncCommit.run(db, t -> renew(t, held, lease)));
  }

  private static List<Long> renew(DSLContext db, Collection<OutgoingMessage> held, Duration lease) {
    return db.update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.LEASE_UNTIL, leaseEnd(lease))
        .where(MESSAGE_QUEUE.ID.in(held.stream().map(OutgoingMessage::id).toList()))
        .and(MESSAGE_QUEUE.CLAIM_TOKEN.in(held.stream().map(OutgoingMessage::claimToken).toList()))
        .and(MESSAGE_QUEUE.STATUS.eq(SENDING))
        .returningResult(MESSAGE_QUEUE.ID)
        .fetch(MESSAGE_QUEUE.ID);
  }

  /** As {@link #markSent(OutgoingMessage, String)}, for a sender that knows no message key. */
  public boolean markSent(OutgoingMessage m) {
    return markSent(m, null);
  }

  /** As {@link #markSent(List)}, for one message; true when its claim was still ours. */
  public boolean markSent(OutgoingMessage m, String waMessageId) {
    return markSent(List.of(new SentMessage(m, waMessageId))).contains(m.id());
  }

  /**
   * A message the page showed as sent, with its bubble's key, by which later receipts find it
   * ({@code waMessageId} null when the sender has none).
   */
  public record SentMessage(OutgoingMessage message, String waMessageId) {}

  /**
   * The ticks were seen: every message of {@code sent} ends {@code sent}, in one statement, each
   * fenced on its own claim token. Also turns a claim's own {@code unconfirmed} (written by a
   * rescuer while this instance could not reach the database) into {@code sent}: the page said so.
   * A message sent without a handoff written first (a dry run: nothing reaches a phone) gets it
   * here. Returns the ids that were still ours.
   */
  public Set<Long> markSent(List<SentMessage> sent) {
    if (sent.isEmpty()) return Set.of();
    Row3<Long, Long, String>[] rows =
        sent.stream()
            .map(
                s ->
                    row(
                        val(s.message().id()),
                        val(s.message().claimToken()),
                        val(s.waMessageId(), MESSAGE_QUEUE.WA_MESSAGE_ID)))
            .toArray(Row3[]::new);
    Table<Record3<Long, Long, String>> ticked =
        values(rows).as("ticked", "id", "claim_token", "wa_message_id");
    Field<Long> id = ticked.field("id", Long.class);
    Field<Long> token = ticked.field("claim_token", Long.class);
    Field<String> key = ticked.field("wa_message_id", String.class);
    return changed(
        tx ->
            tx.update(MESSAGE_QUEUE)
                .set(MESSAGE_QUEUE.STATUS, MessageStatus.SENT.value())
                .set(MESSAGE_QUEUE.SENT_AT, currentOffsetDateTime())
                .set(
                    MESSAGE_QUEUE.HANDOFF_AT,
                    coalesce(MESSAGE_QUEUE.HANDOFF_AT, currentOffsetDateTime()))
                .set(MESSAGE_QUEUE.WA_MESSAGE_ID, key)
                .set(MESSAGE_QUEUE.ERROR_REASON, (String) null)
                .set(MESSAGE_QUEUE.LEASE_UNTIL, (OffsetDateTime) null)
                .from(ticked)
                .where(MESSAGE_QUEUE.ID.eq(id))
                .and(MESSAGE_QUEUE.CLAIM_TOKEN.eq(token))
                .and(MESSAGE_QUEUE.STATUS.in(SENDING, UNCONFIRMED)));
  }

  public boolean markFailed(OutgoingMessage m, String reason) {
    return finish(m, FAILED, reason);
  }

  public boolean markUnconfirmed(OutgoingMessage m, String reason) {
    return finish(m, UNCONFIRMED, reason);
  }

  private boolean finish(OutgoingMessage m, String status, String reason) {
    return changed(
            tx ->
                tx.update(MESSAGE_QUEUE)
                    .set(MESSAGE_QUEUE.STATUS, status)
                    .set(MESSAGE_QUEUE.ERROR_REASON, reason)
                    .set(MESSAGE_QUEUE.LEASE_UNTIL, (OffsetDateTime) null)
                    .where(fenced(m)))
        .contains(m.id());
  }

  /**
   * One change of status and its events in one transaction and one round trip: the update returns
   * what the events need. Returns the ids it changed (the claims that were still ours).
   */
  private Set<Long> changed(Function<DSLContext, UpdateConditionStep<?>> update) {
    return AsyncCommit.run(
        db,
        t -> {
          Result<? extends Record> rows =
              update.apply(t).returningResult(events.rowFields()).fetch();
          if (rows.isEmpty()) return Set.of();
          events.changedRows(t, rows);
          Set<Long> ids = new HashSet<>();
          for (Record r : rows) ids.add(r.get(MESSAGE_QUEUE.ID));
          return ids;
        });
  }

  /** Statuses of the rows an UPDATE ... RETURNING id, status changed, their events told. */
  private Recovered recovered(DSLContext tx, List<Record2<Long, String>> rows) {
    List<Long> ended =
        rows.stream().filter(r -> !r.value2().equals(PENDING)).map(Record2::value1).toList();
    if (!ended.isEmpty()) events.changed(tx, ended);
    return count(rows.stream().map(Record2::value2).toList());
  }

  /**
   * Back to pending, due again after {@code delay}; the reason stays visible meanwhile. Only for a
   * message that never left: the sender said so.
   */
  public boolean retryLater(OutgoingMessage m, String reason, Duration delay) {
    return AsyncCommit.run(db, t -> retryLater(t, m, reason, delay));
  }

  private static boolean retryLater(
      DSLContext db, OutgoingMessage m, String reason, Duration delay) {
    return db.update(MESSAGE_QUEUE)
            .set(MESSAGE_QUEUE.STATUS, PENDING)
            .set(MESSAGE_QUEUE.ERROR_REASON, reason)
            .set(MESSAGE_QUEUE.SEND_AT, currentOffsetDateTime().plus(interval(delay)))
            .set(MESSAGE_QUEUE.CLAIMED_BY, (String) null)
            .set(MESSAGE_QUEUE.LEASE_UNTIL, (OffsetDateTime) null)
            .set(MESSAGE_QUEUE.HANDOFF_AT, (OffsetDateTime) null)
            .where(fenced(m))
            .execute()
        == 1;
  }

  /** How many abandoned claims went where. */
  public record Recovered(int pending, int unconfirmed, int failed) {
    public int total() {
      return pending + unconfirmed + failed;
    }
  }

  /**
   * Takes back claims whose holder's lease expired (a dead or hung instance, or one cut off from
   * the database): pending again when they never reached Enter (failed when that was their last
   * attempt), {@code unconfirmed} when they may have. One guarded statement: only rows still {@code
   * sending} with an expired lease, so a finished row is never overwritten.
   */
  public Recovered rescueExpired(int maxAttempts) {
    Condition handedOff = MESSAGE_QUEUE.HANDOFF_AT.isNotNull();
    Condition exhausted = MESSAGE_QUEUE.ATTEMPTS.ge(maxAttempts);
    return AsyncCommit.run(
        db,
        t ->
            recovered(
                t,
                t.update(MESSAGE_QUEUE)
                    .set(
                        MESSAGE_QUEUE.STATUS,
                        when(handedOff, inline(UNCONFIRMED))
                            .when(exhausted, inline(FAILED))
                            .otherwise(inline(PENDING)))
                    .set(
                        MESSAGE_QUEUE.ERROR_REASON,
                        when(handedOff, val(RESCUED_AFTER_HANDOFF))
                            .when(exhausted, val(RESCUED_ON_LAST_ATTEMPT))
                            .otherwise(MESSAGE_QUEUE.ERROR_REASON))
                    .set(MESSAGE_QUEUE.RESCUED, MESSAGE_QUEUE.RESCUED.plus(1))
                    .set(MESSAGE_QUEUE.CLAIMED_BY, (String) null)
                    .set(MESSAGE_QUEUE.LEASE_UNTIL, (OffsetDateTime) null)
                    .where(MESSAGE_QUEUE.STATUS.eq(SENDING))
                    .and(MESSAGE_QUEUE.LEASE_UNTIL.lt(currentOffsetDateTime()))
                    .returningResult(MESSAGE_QUEUE.ID, MESSAGE_QUEUE.STATUS)
                    .fetch()));
  }

  /**
   * Hands claimed messages back unsent (the worker stops, or the sender is no longer ready), their
   * attempt not counted. Never one that reached the point of no return.
   */
  public int releaseUnsent(Collection<OutgoingMessage> claims) {
    if (claims.isEmpty()) return 0;
    return AsyncCommit.run(db, t -> releaseUnsent(t, claims));
  }

  private static int releaseUnsent(DSLContext db, Collection<OutgoingMessage> claims) {
    return db.update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, PENDING)
        .set(MESSAGE_QUEUE.ATTEMPTS, MESSAGE_QUEUE.ATTEMPTS.minus(1))
        .set(MESSAGE_QUEUE.CLAIMED_BY, (String) null)
        .set(MESSAGE_QUEUE.LEASE_UNTIL, (OffsetDateTime) null)
        .where(MESSAGE_QUEUE.ID.in(claims.stream().map(OutgoingMessage::id).toList()))
        .and(
            MESSAGE_QUEUE.CLAIM_TOKEN.in(claims.stream().map(OutgoingMessage::claimToken).toList()))
        .and(MESSAGE_QUEUE.STATUS.eq(SENDING))
        .and(MESSAGE_QUEUE.HANDOFF_AT.isNull())
        .execute();
  }

  /**
   * Takes back every claim of this process. Only for when it holds none in memory: after a claim
   * whose answer was lost (the connection broke after the commit) or a batch cut short by a
   * database error, so those rows need not wait for their lease. A claim that reached the point of
   * no return ends {@code unconfirmed}; the others go back to pending, their attempt not counted.
   */
  public Recovered releaseOrphanedClaims() {
    Condition handedOff = MESSAGE_QUEUE.HANDOFF_AT.isNotNull();
    return AsyncCommit.run(
        db,
        t ->
            recovered(
                t,
                t.update(MESSAGE_QUEUE)
                    .set(
                        MESSAGE_QUEUE.STATUS,
                        when(handedOff, inline(UNCONFIRMED)).otherwise(inline(PENDING)))
                    .set(
                        MESSAGE_QUEUE.ERROR_REASON,
                        when(handedOff, val(ORPHANED_AFTER_HANDOFF))
                            .otherwise(MESSAGE_QUEUE.ERROR_REASON))
                    .set(
                        MESSAGE_QUEUE.ATTEMPTS,
                        when(handedOff, MESSAGE_QUEUE.ATTEMPTS)
                            .otherwise(MESSAGE_QUEUE.ATTEMPTS.minus(1)))
                    .set(MESSAGE_QUEUE.CLAIMED_BY, (String) null)
                    .set(MESSAGE_QUEUE.LEASE_UNTIL, (OffsetDateTime) null)
                    .where(MESSAGE_QUEUE.STATUS.eq(SENDING))
                    .and(MESSAGE_QUEUE.CLAIMED_BY.eq(claimant))
                    .returningResult(MESSAGE_QUEUE.ID, MESSAGE_QUEUE.STATUS)
                    .fetch()));
  }

  private static Recovered count(List<String> statuses) {
    int pending = 0;
    int unconfirmed = 0;
    int failed = 0;
    for (String s : statuses) {
      if (s.equals(PENDING)) pending++;
      else if (s.equals(UNCONFIRMED)) unconfirmed++;
      else failed++;
    }
    return new Recovered(pending, unconfirmed, failed);
  }

  private static Condition fenced(OutgoingMessage m) {
    return MESSAGE_QUEUE
        .ID
        .eq(m.id())
        .and(MESSAGE_QUEUE.CLAIM_TOKEN.eq(m.claimToken()))
        .and(MESSAGE_QUEUE.STATUS.eq(SENDING));
  }

  private static Field<OffsetDateTime> leaseEnd(Duration lease) {
    return currentOffsetDateTime().plus(interval(lease));
  }

  private static Field<DayToSecond> interval(Duration d) {
    return val(DayToSecond.valueOf(d));
  }
}
