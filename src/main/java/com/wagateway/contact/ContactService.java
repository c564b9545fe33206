package com.wagateway.contact;

import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import com.wagateway.client.Client;
import com.wagateway.db.schema.tables.records.ContactRecord;
import com.wagateway.domain.ConflictException;
import com.wagateway.domain.NotFoundException;
import com.wagateway.domain.Page;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.UpdateSetMoreStep;
import org.jooq.exception.IntegrityConstraintViolationException;

/** A client's contacts: one per phone number, listed in creation (id) order. */
public final class ContactService {
  /** Longest contact name: the column's width. */
  public static final int MAX_NAME_LENGTH = CONTACT.NAME.getDataType().length();

  private static final List<String> IN_FLIGHT = List.of("pending", "sending");

  private final DSLContext db;

  public ContactService(DSLContext db) {
    this.db = db;
  }

  /**
   * A page of contacts after id {@code after}; {@code name} matches any part of the name, ignoring
   * case, and {@code phone} any part of the E.164 number.
   */
  public Page<ContactView> list(Client client, String name, String phone, int limit, Long after) {
    List<Condition> where = new ArrayList<>();
    where.add(CONTACT.CLIENT_ID.eq(client.id()));
    if (after != null) where.add(CONTACT.ID.gt(after));
    // contains() escapes % and _, so a filter is always a plain substring.
    if (name != null) where.add(CONTACT.NAME.containsIgnoreCase(name));
    if (phone != null) where.add(CONTACT.PHONE.contains(phone));
    List<ContactView> rows =
        db.selectFrom(CONTACT)
            .where(where)
            .orderBy(CONTACT.ID)
            .limit(limit + 1)
            .fetch(ContactService::toView);
    return Page.of(rows, limit, ContactView::id);
  }

  public ContactView create(Client client, String name, String phone) {
    try {
      return toView(
          db.insertInto(CONTACT)
              .set(CONTACT.CLIENT_ID, client.id())
              .set(CONTACT.NAME, name)
              .set(CONTACT.PHONE, phone)
              .returning()
              .fetchOne());
    } catch (IntegrityConstraintViolationException e) {
      throw duplicate(client, phone);
    }
  }

  /** The client's contact; any other client's is not found, as an id that does not exist. */
  public ContactView get(Client client, long id) {
    return db.selectFrom(CONTACT)
        .where(CONTACT.ID.eq(id))
        .and(CONTACT.CLIENT_ID.eq(client.id()))
        .fetchOptional(ContactService::toView)
        .orElseThrow(() -> notFound(id));
  }

  /** Changes the name and/or phone (null: unchanged). */
  public ContactView update(Client client, long id, String name, String phone) {
    UpdateSetMoreStep<ContactRecord> update =
        db.update(CONTACT).set(CONTACT.UPDATED_AT, currentOffsetDateTime());
    if (name != null) update = update.set(CONTACT.NAME, name);
    if (phone != null) update = update.set(CONTACT.PHONE, phone);
    try {
      ContactRecord row =
          update
              .where(CONTACT.ID.eq(id))
              .and(CONTACT.CLIENT_ID.eq(client.id()))
              .returning()
              .fetchOne();
      if (row == null) throw notFound(id);
      return toView(row);
    } catch (IntegrityConstraintViolationException e) {
      throw duplicate(client, phone);
    }
  }

  /**
   * Deletes the contact and its finished messages (sent, failed, cancelled). Refused while a
   * message to it is pending or being sent: deleting it would silently drop that message.
   */
  public void delete(Client client, long id) {
    db.transaction(
        cfg -> {
          DSLContext tx = cfg.dsl();
          // Locks the contact: a message for it created meanwhile waits, then finds it gone.
          Long found =
              tx.select(CONTACT.ID)
                  .from(CONTACT)
                  .where(CONTACT.ID.eq(id))
                  .and(CONTACT.CLIENT_ID.eq(client.id()))
                  .forUpdate()
                  .fetchOne(CONTACT.ID);
          if (found == null) throw notFound(id);
          int inFlight =
              tx.selectCount()
                  .from(MESSAGE_QUEUE)
                  .where(MESSAGE_QUEUE.CONTACT_ID.eq(id))
                  .and(MESSAGE_QUEUE.STATUS.in(IN_FLIGHT))
                  .fetchOne(0, int.class);
          if (inFlight > 0) {
            throw new ConflictException(
                "Contact "
                    + id
                    + " has "
                    + inFlight
                    + " message"
                    + (inFlight == 1 ? "" : "s")
                    + " pending or being sent; cancel them (DELETE /messages/{id}) or wait until"
                    + " they are sent, then delete the contact");
          }
          tx.deleteFrom(MESSAGE_QUEUE).where(MESSAGE_QUEUE.CONTACT_ID.eq(id)).execute();
          tx.deleteFrom(CONTACT).where(CONTACT.ID.eq(id)).execute();
        });
  }

  private ConflictException duplicate(Client client, String phone) {
    Long existing =
        db.select(CONTACT.ID)
            .from(CONTACT)
            .where(CONTACT.CLIENT_ID.eq(client.id()))
            .and(CONTACT.PHONE.eq(phone))
            .fetchOne(CONTACT.ID);
    ConflictException conflict =
        new ConflictException(
            "A contact with phone "
                + phone
                + " already exists"
                + (existing == null ? "" : " (id " + existing + ")"));
    return existing == null ? conflict : conflict.with("existing_id", existing);
  }

  private static NotFoundException notFound(long id) {
    return new NotFoundException("No contact " + id + " for this client");
  }

  private static ContactView toView(ContactRecord r) {
    return new ContactView(
        r.getId(), r.getName(), r.getPhone(), r.getCreatedAt(), r.getUpdatedAt());
  }
}
