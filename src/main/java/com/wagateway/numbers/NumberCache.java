package com.wagateway.numbers;

import static com.wagateway.db.schema.Tables.NUMBER_CHECK;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * The answers of WhatsApp Web about numbers, kept in {@code number_check} and trusted for {@code
 * ttl}: an older answer counts as none.
 */
public final class NumberCache {
  private final DSLContext db;
  private final Duration ttl;
  private final Clock clock;

  public NumberCache(DSLContext db, Duration ttl) {
    this(db, ttl, Clock.systemUTC());
  }

  NumberCache(DSLContext db, Duration ttl, Clock clock) {
    this.db = db;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** The answer for one number, if one younger than the TTL is kept: one primary-key lookup. */
  public Optional<KnownNumber> find(String phone) {
    return db.selectFrom(NUMBER_CHECK)
        .where(NUMBER_CHECK.PHONE.eq(phone))
        .and(NUMBER_CHECK.CHECKED_AT.gt(oldestTrusted()))
        .fetchOptional(r -> new KnownNumber(r.getPhone(), r.getOnWhatsapp(), r.getCheckedAt()));
  }

  /** The answers kept for these numbers, by number. */
  public Map<String, KnownNumber> find(Collection<String> phones) {
    return db
        .selectFrom(NUMBER_CHECK)
        .where(NUMBER_CHECK.PHONE.in(phones))
        .and(NUMBER_CHECK.CHECKED_AT.gt(oldestTrusted()))
        .fetch(r -> new KnownNumber(r.getPhone(), r.getOnWhatsapp(), r.getCheckedAt()))
        .stream()
        .collect(Collectors.toMap(KnownNumber::phone, Function.identity()));
  }

  /** Keeps (or replaces) the answer for a number, as of now. */
  public KnownNumber save(String phone, boolean onWhatsApp, String checkedBy) {
    // PostgreSQL keeps microseconds: answer what a later read will.
    OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    db.insertInto(NUMBER_CHECK)
        .set(NUMBER_CHECK.PHONE, phone)
        .set(NUMBER_CHECK.ON_WHATSAPP, onWhatsApp)
        .set(NUMBER_CHECK.CHECKED_AT, now)
        .set(NUMBER_CHECK.CHECKED_BY, checkedBy)
        .onConflict(NUMBER_CHECK.PHONE)
        .doUpdate()
        .set(NUMBER_CHECK.ON_WHATSAPP, onWhatsApp)
        .set(NUMBER_CHECK.CHECKED_AT, now)
        .set(NUMBER_CHECK.CHECKED_BY, checkedBy)
        .execute();
    return new KnownNumber(phone, onWhatsApp, now);
  }

  private OffsetDateTime oldestTrusted() {
    return OffsetDateTime.now(clock).minus(ttl);
  }
}
