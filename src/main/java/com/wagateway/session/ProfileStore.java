package com.wagateway.session;

import static com.wagateway.db.schema.Tables.WA_SESSION;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.jooq.DSLContext;

/** Saved logins in {@code wa_session.profile}: written by the instance running the session. */
final class ProfileStore {
  /** A saved login and when it was written. */
  record Saved(byte[] zip, OffsetDateTime savedAt) {}

  private final DSLContext db;
  private final String instance;

  ProfileStore(DSLContext db, String instance) {
    this.db = db;
    this.instance = instance;
  }

  /**
   * Writes the session's login, only while this instance holds it; answers when it was written (the
   * database's clock), empty when the session is no longer this instance's.
   */
  Optional<OffsetDateTime> save(String session, byte[] zip) {
    var update =
        zip == null
            ? db.update(WA_SESSION)
                .set(WA_SESSION.PROFILE, (byte[]) null)
                .set(WA_SESSION.PROFILE_SIZE, (Integer) null)
                .set(WA_SESSION.PROFILE_SAVED_AT, (OffsetDateTime) null)
            : db.update(WA_SESSION)
                .set(WA_SESSION.PROFILE, zip)
                .set(WA_SESSION.PROFILE_SIZE, zip.length)
                .set(WA_SESSION.PROFILE_SAVED_AT, currentOffsetDateTime());
    return update
        .where(WA_SESSION.NAME.eq(session))
        .and(WA_SESSION.INSTANCE_ID.eq(instance))
        .returningResult(currentOffsetDateTime())
        .fetchOptional(r -> r.value1());
  }

  Optional<Saved> load(String session) {
    return db.select(WA_SESSION.PROFILE, WA_SESSION.PROFILE_SAVED_AT)
        .from(WA_SESSION)
        .where(WA_SESSION.NAME.eq(session))
        .and(WA_SESSION.PROFILE.isNotNull())
        .fetchOptional(r -> new Saved(r.value1(), r.value2()));
  }
}
