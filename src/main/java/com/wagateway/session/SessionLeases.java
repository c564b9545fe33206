package com.wagateway.session;

import static com.wagateway.db.schema.Tables.WA_SESSION;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.types.DayToSecond;

/**
 * Which instance runs which session, decided in PostgreSQL as the worker's claims are: a session
 * free or whose lease has passed is taken with {@code FOR UPDATE SKIP LOCKED}, so two instances
 * never take the same one; the holder renews its lease on a heartbeat; every write is fenced on
 * {@code instance_id}, unique per process, so an instance that lost a session changes nothing.
 */
public final class SessionLeases {
  static final String STOPPED = "stopped";

  private final DSLContext db;
  private final String instance;

  public SessionLeases(DSLContext db, String instance) {
    this.db = db;
    this.instance = instance;
  }

  public String instance() {
    return instance;
  }

  /** Takes up to {@code room} sessions that nobody holds (or whose holder's lease passed). */
  public List<String> claim(int room, Duration lease) {
    if (room <= 0) return List.of();
    CommonTableExpression<Record2<String, String>> free =
        name("free")
            .fields("name", "previous")
            .asMaterialized(
                select(WA_SESSION.NAME, WA_SESSION.INSTANCE_ID)
                    .from(WA_SESSION)
                    .where(
                        WA_SESSION
                            .LEASE_UNTIL
                            .isNull()
                            .or(WA_SESSION.LEASE_UNTIL.lt(currentOffsetDateTime())))
                    .orderBy(WA_SESSION.NAME)
                    .limit(room)
                    .forUpdate()
                    .skipLocked());
    Field<String> freeName = free.field("name", String.class);
    return db.with(free)
        .update(WA_SESSION)
        .set(WA_SESSION.INSTANCE_ID, instance)
        .set(WA_SESSION.LEASE_UNTIL, leaseEnd(lease))
        .set(WA_SESSION.HEARTBEAT_AT, currentOffsetDateTime())
        .set(WA_SESSION.STATE, "starting")
        .set(WA_SESSION.QR, (String) null)
        .set(WA_SESSION.COMMAND, (String) null)
        .from(free)
        .where(WA_SESSION.NAME.eq(freeName))
        .returningResult(WA_SESSION.NAME)
        .fetch(WA_SESSION.NAME);
  }

  /**
   * Renews the leases of the sessions this instance runs; answers those still held, each with the
   * operator's command waiting for it (null: none), which is taken at the same time.
   */
  public Map<String, String> renew(Collection<String> held, Duration lease) {
    if (held.isEmpty()) return Map.of();
    CommonTableExpression<Record2<String, String>> mine =
        name("mine")
            .fields("name", "command")
            .as(
                select(WA_SESSION.NAME, WA_SESSION.COMMAND)
                    .from(WA_SESSION)
                    .where(WA_SESSION.NAME.in(held))
                    .and(WA_SESSION.INSTANCE_ID.eq(instance))
                    .forUpdate());
    Field<String> mineName = mine.field("name", String.class);
    Field<String> command = mine.field("command", String.class);
    Map<String, String> renewed = new HashMap<>();
    db.with(mine)
        .update(WA_SESSION)
        .set(WA_SESSION.LEASE_UNTIL, leaseEnd(lease))
        .set(WA_SESSION.HEARTBEAT_AT, currentOffsetDateTime())
        .set(WA_SESSION.COMMAND, (String) null)
        .from(mine)
        .where(WA_SESSION.NAME.eq(mineName))
        .returningResult(WA_SESSION.NAME, command)
        .fetch()
        .forEach(r -> renewed.put(r.value1(), r.value2()));
    return renewed;
  }

  /** What the session's browser shows now, for every instance to read. */
  public void report(String session, String state, String phone, String lastError, String qr) {
    var update =
        db.update(WA_SESSION)
            .set(WA_SESSION.STATE, state)
            .set(WA_SESSION.LAST_ERROR, lastError)
            .set(WA_SESSION.QR, qr);
    if (phone != null) update = update.set(WA_SESSION.PHONE, phone);
    update.where(WA_SESSION.NAME.eq(session)).and(WA_SESSION.INSTANCE_ID.eq(instance)).execute();
  }

  /** The session was logged out: its number is no longer known. */
  public void forgetPhone(String session) {
    db.update(WA_SESSION)
        .set(WA_SESSION.PHONE, (String) null)
        .where(WA_SESSION.NAME.eq(session))
        .and(WA_SESSION.INSTANCE_ID.eq(instance))
        .execute();
  }

  /** Lets go of a session (this instance stops): another may take it at once. */
  public void release(String session) {
    db.update(WA_SESSION)
        .set(WA_SESSION.INSTANCE_ID, (String) null)
        .set(WA_SESSION.LEASE_UNTIL, (OffsetDateTime) null)
        .set(WA_SESSION.STATE, STOPPED)
        .set(WA_SESSION.QR, (String) null)
        .where(WA_SESSION.NAME.eq(session))
        .and(WA_SESSION.INSTANCE_ID.eq(instance))
        .execute();
  }

  private static Field<OffsetDateTime> leaseEnd(Duration lease) {
    return currentOffsetDateTime().plus(val(DayToSecond.valueOf(lease)));
  }
}
