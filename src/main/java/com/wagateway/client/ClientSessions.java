package com.wagateway.client;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.CLIENT_ALLOWED_SESSION;
import static com.wagateway.db.schema.Tables.WA_SESSION;
import static org.jooq.impl.DSL.any;

import com.wagateway.db.ArrayValues;
import com.wagateway.domain.FieldError;
import com.wagateway.domain.NotFoundException;
import com.wagateway.domain.UnprocessableException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Which WhatsApp session a client sends from, and which others it may name on a message: set by the
 * operator ({@code PATCH /admin/clients/{name}}), checked for every message that names one.
 */
public final class ClientSessions {
  private final DSLContext db;

  public ClientSessions(DSLContext db) {
    this.db = db;
  }

  /** The sessions the client may name besides its own, by name. */
  public List<String> allowed(String client) {
    return db.select(CLIENT_ALLOWED_SESSION.SESSION_NAME)
        .from(CLIENT_ALLOWED_SESSION)
        .join(CLIENT)
        .on(CLIENT.ID.eq(CLIENT_ALLOWED_SESSION.CLIENT_ID))
        .where(CLIENT.CLIENT_NAME.eq(client))
        .orderBy(CLIENT_ALLOWED_SESSION.SESSION_NAME)
        .fetch(CLIENT_ALLOWED_SESSION.SESSION_NAME);
  }

  /** The subset of {@code named} that client {@code clientId} may use (besides its own). */
  public Set<String> allowed(long clientId, Set<String> named) {
    return new LinkedHashSet<>(
        db.select(CLIENT_ALLOWED_SESSION.SESSION_NAME)
            .from(CLIENT_ALLOWED_SESSION)
            .where(CLIENT_ALLOWED_SESSION.CLIENT_ID.eq(clientId))
            .and(CLIENT_ALLOWED_SESSION.SESSION_NAME.eq(any(ArrayValues.strings(named))))
            .fetch(CLIENT_ALLOWED_SESSION.SESSION_NAME));
  }

  /**
   * Sets the client's own session ({@code session} null: unchanged) and the others it may name
   * ({@code allowed} null: unchanged), in one transaction. Every name must be an existing session.
   */
  public void set(String client, String session, List<String> allowed) {
    db.transaction(
        c -> {
          DSLContext tx = c.dsl();
          Long id =
              tx.select(CLIENT.ID)
                  .from(CLIENT)
                  .where(CLIENT.CLIENT_NAME.eq(client))
                  .forUpdate()
                  .fetchOne(CLIENT.ID);
          if (id == null) throw new NotFoundException("No client named '" + client + "'");
          Set<String> wanted = new LinkedHashSet<>();
          if (session != null) wanted.add(session);
          if (allowed != null) wanted.addAll(allowed);
          Set<String> existing =
              new LinkedHashSet<>(
                  tx.select(WA_SESSION.NAME)
                      .from(WA_SESSION)
                      .where(WA_SESSION.NAME.eq(any(ArrayValues.strings(wanted))))
                      .fetch(WA_SESSION.NAME));
          List<FieldError> unknown = new ArrayList<>();
          if (session != null && !existing.contains(session))
            unknown.add(new FieldError("session", "no session named '" + session + "'"));
          if (allowed != null) {
            for (String a : allowed) {
              if (!existing.contains(a))
                unknown.add(new FieldError("allowed_sessions", "no session named '" + a + "'"));
            }
          }
          if (!unknown.isEmpty()) {
            throw new UnprocessableException(
                unknown.get(0).field()
                    + ": "
                    + unknown.get(0).message()
                    + "; create it first with POST /admin/sessions",
                unknown);
          }
          if (session != null)
            tx.update(CLIENT).set(CLIENT.SESSION_NAME, session).where(CLIENT.ID.eq(id)).execute();
          if (allowed != null) {
            tx.deleteFrom(CLIENT_ALLOWED_SESSION)
                .where(CLIENT_ALLOWED_SESSION.CLIENT_ID.eq(id))
                .execute();
            for (String a : new LinkedHashSet<>(allowed)) {
              tx.insertInto(CLIENT_ALLOWED_SESSION)
                  .set(CLIENT_ALLOWED_SESSION.CLIENT_ID, id)
                  .set(CLIENT_ALLOWED_SESSION.SESSION_NAME, a)
                  .execute();
            }
          }
        });
  }
}
