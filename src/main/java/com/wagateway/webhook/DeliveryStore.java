package com.wagateway.webhook;

import static com.wagateway.db.schema.Sequences.WEBHOOK_CLAIM_TOKEN_SEQ;
import static com.wagateway.db.schema.Tables.WEBHOOK_ATTEMPT;
import static com.wagateway.db.schema.Tables.WEBHOOK_CALLBACK_SECRET;
import static com.wagateway.db.schema.Tables.WEBHOOK_DELIVERY;
import static com.wagateway.db.schema.Tables.WEBHOOK_ENDPOINT;
import static com.wagateway.db.schema.Tables.WEBHOOK_EVENT;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

import com.wagateway.config.Settings;
import com.wagateway.db.schema.tables.WebhookDelivery;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.SelectConditionStep;
import org.jooq.types.DayToSecond;

/**
 * The dispatcher's side of the outbox: claim due deliveries, record each attempt, take back the
 * claims of a dead instance. Every write after the claim is fenced on the claim's token and {@code
 * state='delivering'}, as the message queue's are.
 */
final class DeliveryStore {
  static final String PENDING = "pending";
  static final String DELIVERING = "delivering";
  static final String DELIVERED = "delivered";
  static final String DEAD = "dead";

  private final DSLContext db;
  private final String claimant;

  DeliveryStore(DSLContext db, String claimant) {
    this.db = db;
    this.claimant = claimant;
  }

  /**
   * Claims up to {@code limit} due deliveries, none to a target in {@code saturated}, none of a
   * disabled endpoint, and none while an earlier event of the same message (or, for the service's
   * session events, an earlier session event) to the same target is still undelivered: they arrive
   * in the order they happened. Commits at once.
   */
  List<Claimed> claim(int limit, Duration lease, Set<DeliveryTarget> saturated) {
    WebhookDelivery d = WEBHOOK_DELIVERY.as("d");
    WebhookDelivery earlier = WEBHOOK_DELIVERY.as("earlier");
    List<Long> busyEndpoints = new ArrayList<>();
    List<String> busyUrls = new ArrayList<>();
    for (DeliveryTarget target : saturated) {
      if (target.endpointId() != null) busyEndpoints.add(target.endpointId());
      else busyUrls.add(target.url());
    }
    Condition notBusy =
        (busyEndpoints.isEmpty()
                ? noCondition()
                : d.ENDPOINT_ID.isNull().or(d.ENDPOINT_ID.notIn(busyEndpoints)))
            .and(busyUrls.isEmpty() ? noCondition() : d.URL.isNull().or(d.URL.notIn(busyUrls)));
    // MATERIALIZED, as the queue's claim: the LIMIT must bound the rows locked and updated.
    CommonTableExpression<Record1<Long>> due =
        name("due")
            .fields("id")
            .asMaterialized(
                select(d.ID)
                    .from(d)
                    .leftJoin(WEBHOOK_ENDPOINT)
                    .on(WEBHOOK_ENDPOINT.ID.eq(d.ENDPOINT_ID))
                    .where(d.STATE.eq(inline(PENDING)))
                    .and(d.NEXT_ATTEMPT_AT.le(currentOffsetDateTime()))
                    .and(d.ENDPOINT_ID.isNull().or(WEBHOOK_ENDPOINT.ENABLED.isTrue()))
                    .and(notBusy)
                    // Each kind of event checked only where it applies (an OR keeps the check a
                    // lookup per candidate rather than a join the planner may turn quadratic).
                    .and(
                        d.MESSAGE_ID
                            .isNull()
                            .or(
                                notExists(
                                    earlierUndelivered(
                                        earlier, d, earlier.MESSAGE_ID.eq(d.MESSAGE_ID)))))
                    .and(
                        d.MESSAGE_ID
                            .isNotNull()
                            .or(
                                notExists(
                                    earlierUndelivered(earlier, d, earlier.MESSAGE_ID.isNull()))))
                    .orderBy(d.NEXT_ATTEMPT_AT, d.ID)
                    .limit(limit)
                    .forUpdate()
                    .of(d)
                    .skipLocked());
    Field<Long> dueId = due.field("id", Long.class);
    List<Long> ids =
        db.with(due)
            .update(WEBHOOK_DELIVERY)
            .set(WEBHOOK_DELIVERY.STATE, DELIVERING)
            .set(WEBHOOK_DELIVERY.ATTEMPTS, WEBHOOK_DELIVERY.ATTEMPTS.plus(1))
            .set(WEBHOOK_DELIVERY.CLAIMED_BY, claimant)
            .set(WEBHOOK_DELIVERY.CLAIM_TOKEN, WEBHOOK_CLAIM_TOKEN_SEQ.nextval())
            .set(WEBHOOK_DELIVERY.LEASE_UNTIL, later(lease))
            .from(due)
            .where(WEBHOOK_DELIVERY.ID.eq(dueId))
            .returningResult(WEBHOOK_DELIVERY.ID)
            .fetch(WEBHOOK_DELIVERY.ID);
    if (ids.isEmpty()) return List.of();
    return describe(ids);
  }

  /**
   * An earlier undelivered delivery of the same kind to the same target as {@code d}. The state is
   * written as the predicate of {@code webhook_delivery_message_idx} (V14), which no other index
   * has: the lookup then goes through that index by (message, id) even when the statistics were
   * taken before a burst and say nothing is undelivered. Written as {@code state IN ('pending',
   * 'delivering')}, the planner chose the index of all undelivered rows by id and read every
   * earlier one for each candidate: minutes per claim with 20,000 deliveries waiting.
   */
  private static SelectConditionStep<Record1<Integer>> earlierUndelivered(
      WebhookDelivery earlier, WebhookDelivery d, Condition sameKind) {
    return selectOne()
        .from(earlier)
        .where(sameKind)
        .and(earlier.ID.lt(d.ID))
        .and(earlier.STATE.ne(inline(DELIVERED)))
        .and(earlier.STATE.ne(inline(DEAD)))
        .and(earlier.ENDPOINT_ID.isNotDistinctFrom(d.ENDPOINT_ID))
        .and(earlier.URL.isNotDistinctFrom(d.URL));
  }

  /** What to post for each claimed delivery: the event, the URL and the secrets that sign. */
  private List<Claimed> describe(List<Long> ids) {
    Field<String> endpointUrl = WEBHOOK_ENDPOINT.URL.as("endpoint_url");
    Field<String> secret = WEBHOOK_ENDPOINT.SECRET.as("endpoint_secret");
    Field<String> previous = WEBHOOK_ENDPOINT.PREVIOUS_SECRET.as("endpoint_previous");
    Field<OffsetDateTime> previousUntil =
        WEBHOOK_ENDPOINT.PREVIOUS_SECRET_UNTIL.as("endpoint_previous_until");
    Field<String> callback = WEBHOOK_CALLBACK_SECRET.SECRET.as("callback_secret");
    Field<String> callbackPrevious =
        WEBHOOK_CALLBACK_SECRET.PREVIOUS_SECRET.as("callback_previous");
    Field<OffsetDateTime> callbackPreviousUntil =
        WEBHOOK_CALLBACK_SECRET.PREVIOUS_SECRET_UNTIL.as("callback_previous_until");
    Field<OffsetDateTime> dbNow = currentOffsetDateTime().as("db_now");
    List<? extends Record> rows =
        db.select(
                WEBHOOK_DELIVERY.ID,
                WEBHOOK_DELIVERY.CLAIM_TOKEN,
                WEBHOOK_DELIVERY.ENDPOINT_ID,
                WEBHOOK_DELIVERY.URL,
                WEBHOOK_DELIVERY.ATTEMPTS,
                WEBHOOK_EVENT.ID,
                WEBHOOK_EVENT.TYPE,
                WEBHOOK_EVENT.CLIENT_ID,
                WEBHOOK_EVENT.PAYLOAD,
                endpointUrl,
                secret,
                previous,
                previousUntil,
                callback,
                callbackPrevious,
                callbackPreviousUntil,
                dbNow)
            .from(WEBHOOK_DELIVERY)
            .join(WEBHOOK_EVENT)
            .on(WEBHOOK_EVENT.ID.eq(WEBHOOK_DELIVERY.EVENT_ID))
            .leftJoin(WEBHOOK_ENDPOINT)
            .on(WEBHOOK_ENDPOINT.ID.eq(WEBHOOK_DELIVERY.ENDPOINT_ID))
            .leftJoin(WEBHOOK_CALLBACK_SECRET)
            .on(WEBHOOK_CALLBACK_SECRET.CLIENT_ID.eq(WEBHOOK_EVENT.CLIENT_ID))
            .where(WEBHOOK_DELIVERY.ID.in(ids))
            .orderBy(WEBHOOK_DELIVERY.ID)
            .fetch();
    List<Claimed> claimed = new ArrayList<>(rows.size());
    for (Record r : rows) {
      Long endpointId = r.get(WEBHOOK_DELIVERY.ENDPOINT_ID);
      Long clientId = r.get(WEBHOOK_EVENT.CLIENT_ID);
      OffsetDateTime now = r.get(dbNow);
      List<String> secrets;
      String url;
      if (endpointId != null) {
        url = r.get(endpointUrl);
        secrets = Secrets.signing(r.get(secret), r.get(previous), r.get(previousUntil), now);
      } else {
        url = r.get(WEBHOOK_DELIVERY.URL);
        secrets =
            clientId == null
                ? List.of() // the service's own endpoint: the dispatcher knows its secret
                : r.get(callback) == null
                    ? List.of(callbackSecret(clientId))
                    : Secrets.signing(
                        r.get(callback),
                        r.get(callbackPrevious),
                        r.get(callbackPreviousUntil),
                        now);
      }
      claimed.add(
          new Claimed(
              r.get(WEBHOOK_DELIVERY.ID),
              r.get(WEBHOOK_DELIVERY.CLAIM_TOKEN),
              r.get(WEBHOOK_EVENT.ID),
              r.get(WEBHOOK_EVENT.TYPE),
              endpointId,
              url,
              r.get(WEBHOOK_EVENT.PAYLOAD),
              r.get(WEBHOOK_DELIVERY.ATTEMPTS),
              secrets,
              endpointId == null && clientId != null));
    }
    return claimed;
  }

  /** The client's callback secret, made now if it has none yet (shown by the admin API). */
  private String callbackSecret(long clientId) {
    db.insertInto(WEBHOOK_CALLBACK_SECRET)
        .set(WEBHOOK_CALLBACK_SECRET.CLIENT_ID, clientId)
        .set(WEBHOOK_CALLBACK_SECRET.SECRET, WebhookSigner.newSecret())
        .onConflictDoNothing()
        .execute();
    return db.select(WEBHOOK_CALLBACK_SECRET.SECRET)
        .from(WEBHOOK_CALLBACK_SECRET)
        .where(WEBHOOK_CALLBACK_SECRET.CLIENT_ID.eq(clientId))
        .fetchOne(WEBHOOK_CALLBACK_SECRET.SECRET);
  }

  /** What one attempt came to. */
  record Result(Integer status, String error, long millis) {
    boolean delivered() {
      return status != null && status >= 200 && status < 300;
    }
  }

  /** What became of a delivery after an attempt. */
  enum Outcome {
    DELIVERED,
    RETRYING,
    DEAD,
    LOST
  }

  /** The outcome, and whether this attempt disabled the endpoint (failing for too long). */
  record Recorded(Outcome outcome, boolean endpointDisabled) {}

  /**
   * Records an attempt and its consequence in one transaction: delivered; or due again after {@code
   * retryIn}, unless that is past the delivery's deadline (then dead). The endpoint remembers since
   * when it fails, and is disabled once that is {@code disableAfter} ago.
   */
  Recorded record(Claimed c, Result result, Duration retryIn, Duration disableAfter) {
    return db.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          Condition fence =
              WEBHOOK_DELIVERY
                  .ID
                  .eq(c.id())
                  .and(WEBHOOK_DELIVERY.CLAIM_TOKEN.eq(c.claimToken()))
                  .and(WEBHOOK_DELIVERY.STATE.eq(DELIVERING));
          String state;
          if (result.delivered()) {
            state =
                t.update(WEBHOOK_DELIVERY)
                    .set(WEBHOOK_DELIVERY.STATE, DELIVERED)
                    .set(WEBHOOK_DELIVERY.DELIVERED_AT, currentOffsetDateTime())
                    .set(WEBHOOK_DELIVERY.LAST_STATUS, result.status())
                    .set(WEBHOOK_DELIVERY.LAST_ERROR, (String) null)
                    .set(WEBHOOK_DELIVERY.LEASE_UNTIL, (OffsetDateTime) null)
                    .where(fence)
                    .returningResult(WEBHOOK_DELIVERY.STATE)
                    .fetchOne(WEBHOOK_DELIVERY.STATE);
          } else {
            Field<OffsetDateTime> next = later(retryIn);
            state =
                t.update(WEBHOOK_DELIVERY)
                    .set(
                        WEBHOOK_DELIVERY.STATE,
                        when(next.gt(WEBHOOK_DELIVERY.GIVE_UP_AT), inline(DEAD))
                            .otherwise(inline(PENDING)))
                    .set(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, next)
                    .set(WEBHOOK_DELIVERY.LAST_STATUS, result.status())
                    .set(WEBHOOK_DELIVERY.LAST_ERROR, result.error())
                    .set(WEBHOOK_DELIVERY.CLAIMED_BY, (String) null)
                    .set(WEBHOOK_DELIVERY.LEASE_UNTIL, (OffsetDateTime) null)
                    .where(fence)
                    .returningResult(WEBHOOK_DELIVERY.STATE)
                    .fetchOne(WEBHOOK_DELIVERY.STATE);
          }
          if (state == null) return new Recorded(Outcome.LOST, false);
          t.insertInto(WEBHOOK_ATTEMPT)
              .set(WEBHOOK_ATTEMPT.DELIVERY_ID, c.id())
              .set(WEBHOOK_ATTEMPT.STATUS_CODE, result.status())
              .set(WEBHOOK_ATTEMPT.ERROR, result.error())
              .set(WEBHOOK_ATTEMPT.DURATION_MS, (int) Math.min(Integer.MAX_VALUE, result.millis()))
              .execute();
          boolean disabled =
              c.endpointId() != null && endpointHealth(t, c.endpointId(), result, disableAfter);
          Outcome outcome =
              switch (state) {
                case DELIVERED -> Outcome.DELIVERED;
                case DEAD -> Outcome.DEAD;
                default -> Outcome.RETRYING;
              };
          return new Recorded(outcome, disabled);
        });
  }

  /**
   * Forgets the endpoint's failures after a 2xx; else remembers since when it fails, and disables
   * it once that is {@code after} ago. True when this attempt disabled it.
   */
  private boolean endpointHealth(DSLContext t, long endpointId, Result result, Duration after) {
    if (result.delivered()) {
      t.update(WEBHOOK_ENDPOINT)
          .set(WEBHOOK_ENDPOINT.FAILING_SINCE, (OffsetDateTime) null)
          .where(WEBHOOK_ENDPOINT.ID.eq(endpointId))
          .and(WEBHOOK_ENDPOINT.FAILING_SINCE.isNotNull())
          .execute();
      return false;
    }
    t.update(WEBHOOK_ENDPOINT)
        .set(
            WEBHOOK_ENDPOINT.FAILING_SINCE,
            coalesce(WEBHOOK_ENDPOINT.FAILING_SINCE, currentOffsetDateTime()))
        .where(WEBHOOK_ENDPOINT.ID.eq(endpointId))
        .execute();
    return t.update(WEBHOOK_ENDPOINT)
            .set(WEBHOOK_ENDPOINT.ENABLED, false)
            .set(
                WEBHOOK_ENDPOINT.DISABLED_REASON,
                "Every delivery failed for "
                    + Settings.format(after)
                    + " (last: "
                    + describe(result)
                    + "); fix the receiver, then enable the endpoint again and redeliver its dead"
                    + " deliveries")
            .where(WEBHOOK_ENDPOINT.ID.eq(endpointId))
            .and(WEBHOOK_ENDPOINT.ENABLED.isTrue())
            .and(WEBHOOK_ENDPOINT.FAILING_SINCE.lt(later(after.negated())))
            .execute()
        == 1;
  }

  static String describe(Result result) {
    return result.status() != null ? "HTTP " + result.status() : result.error();
  }

  /**
   * Takes back deliveries whose holder's lease expired (a dead or hung instance): due again at
   * once, the attempt counted. Answers how many.
   */
  int rescueExpired() {
    return db.update(WEBHOOK_DELIVERY)
        .set(WEBHOOK_DELIVERY.STATE, PENDING)
        .set(WEBHOOK_DELIVERY.CLAIMED_BY, (String) null)
        .set(WEBHOOK_DELIVERY.LEASE_UNTIL, (OffsetDateTime) null)
        .set(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, currentOffsetDateTime())
        .where(WEBHOOK_DELIVERY.STATE.eq(DELIVERING))
        .and(WEBHOOK_DELIVERY.LEASE_UNTIL.lt(currentOffsetDateTime()))
        .execute();
  }

  /**
   * Deletes events older than {@code keep} with their deliveries and attempts, but none still on
   * its way (a delivery redelivered by hand). Answers how many.
   */
  int purgeOlderThan(Duration keep) {
    return db.deleteFrom(WEBHOOK_EVENT)
        .where(WEBHOOK_EVENT.CREATED_AT.lt(later(keep.negated())))
        .andNotExists(
            selectOne()
                .from(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.EVENT_ID.eq(WEBHOOK_EVENT.ID))
                .and(WEBHOOK_DELIVERY.STATE.in(PENDING, DELIVERING)))
        .execute();
  }

  /**
   * Hands back claims never attempted (over a target's cap, or stopping), their attempt uncounted.
   */
  void release(Collection<Claimed> claims) {
    if (claims.isEmpty()) return;
    db.update(WEBHOOK_DELIVERY)
        .set(WEBHOOK_DELIVERY.STATE, PENDING)
        .set(WEBHOOK_DELIVERY.ATTEMPTS, WEBHOOK_DELIVERY.ATTEMPTS.minus(1))
        .set(WEBHOOK_DELIVERY.CLAIMED_BY, (String) null)
        .set(WEBHOOK_DELIVERY.LEASE_UNTIL, (OffsetDateTime) null)
        .where(WEBHOOK_DELIVERY.ID.in(claims.stream().map(Claimed::id).toList()))
        .and(WEBHOOK_DELIVERY.CLAIM_TOKEN.in(claims.stream().map(Claimed::claimToken).toList()))
        .and(WEBHOOK_DELIVERY.STATE.eq(DELIVERING))
        .execute();
  }

  private static Field<OffsetDateTime> later(Duration d) {
    return currentOffsetDateTime().plus(val(DayToSecond.valueOf(d)));
  }
}
