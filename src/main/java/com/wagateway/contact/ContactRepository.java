package com.wagateway.contact;

import static com.wagateway.db.schema.Tables.CONTACT;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.insertInto;
import static org.jooq.impl.DSL.val;

import org.jooq.DSLContext;
import org.jooq.InsertResultStep;
import org.jooq.Record1;

/** Contacts of one client, one per phone number. */
public final class ContactRepository {

  private ContactRepository() {}

  /**
   * Creates the contact ({@code name} null: named after its phone) or renames the existing one, in
   * one statement: concurrent first sends to a new number meet on the unique key instead of racing
   * a read-then-insert.
   */
  public static long upsert(DSLContext tx, long clientId, String phone, String name) {
    return tx.fetchValue(upsertReturningId(clientId, phone, name));
  }

  /**
   * The upsert of {@link #upsert}, returning the contact's id, to run or to nest in a larger
   * statement.
   */
  public static InsertResultStep<Record1<Long>> upsertReturningId(
      long clientId, String phone, String name) {
    return insertInto(CONTACT)
        .set(CONTACT.CLIENT_ID, clientId)
        .set(CONTACT.PHONE, phone)
        .set(CONTACT.NAME, name == null ? phone : name)
        .onConflict(CONTACT.CLIENT_ID, CONTACT.PHONE)
        .doUpdate()
        // No name in the request keeps the name the contact already has.
        .set(CONTACT.NAME, name == null ? CONTACT.NAME : val(name))
        .set(CONTACT.UPDATED_AT, currentOffsetDateTime())
        .returningResult(CONTACT.ID);
  }
}
