package com.wagateway.message;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;

import com.wagateway.client.Client;
import com.wagateway.domain.Page;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Lists of messages, newest first, paged by keyset on the id: a page starts below the last id of
 * the one before, so messages created meanwhile (higher ids) land before the first page instead of
 * shifting rows between pages.
 */
public final class MessageListing {
  private final DSLContext db;

  public MessageListing(DSLContext db) {
    this.db = db;
  }

  /** The client's own messages. */
  public Page<MessageView> list(Client client, MessageFilter filter, int limit, Long before) {
    List<MessageView> rows =
        db.select(MESSAGE_QUEUE.asterisk(), CONTACT.PHONE)
            .from(MESSAGE_QUEUE)
            .join(CONTACT)
            .on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
            .where(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
            .and(conditions(filter, before))
            .orderBy(MESSAGE_QUEUE.ID.desc())
            .limit(limit + 1)
            .fetch(MessageView::of);
    return Page.of(rows, limit, MessageView::id);
  }

  /** Messages of every client, or of one ({@code clientName} non-null), for the operator. */
  public Page<AdminMessageView> listAll(
      String clientName, MessageFilter filter, int limit, Long before) {
    List<AdminMessageView> rows =
        db.select(MESSAGE_QUEUE.asterisk(), CONTACT.PHONE, CLIENT.CLIENT_NAME)
            .from(MESSAGE_QUEUE)
            .join(CONTACT)
            .on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
            .join(CLIENT)
            .on(CLIENT.ID.eq(MESSAGE_QUEUE.CLIENT_ID))
            .where(clientName == null ? DSL.noCondition() : CLIENT.CLIENT_NAME.eq(clientName))
            .and(conditions(filter, before))
            .orderBy(MESSAGE_QUEUE.ID.desc())
            .limit(limit + 1)
            .fetch(
                r ->
                    AdminMessageView.of(
                        r.get(MESSAGE_QUEUE.CLIENT_ID),
                        r.get(CLIENT.CLIENT_NAME),
                        MessageView.of(r)));
    return Page.of(rows, limit, AdminMessageView::id);
  }

  /** One message of any client, for the operator. */
  public java.util.Optional<MessageDetail> detail(long id) {
    return db.select(MESSAGE_QUEUE.asterisk(), CONTACT.PHONE, CLIENT.CLIENT_NAME)
        .from(MESSAGE_QUEUE)
        .join(CONTACT)
        .on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
        .join(CLIENT)
        .on(CLIENT.ID.eq(MESSAGE_QUEUE.CLIENT_ID))
        .where(MESSAGE_QUEUE.ID.eq(id))
        .fetchOptional(
            r ->
                new MessageDetail(
                    AdminMessageView.of(
                        r.get(MESSAGE_QUEUE.CLIENT_ID),
                        r.get(CLIENT.CLIENT_NAME),
                        MessageView.of(r)),
                    r.get(MESSAGE_QUEUE.CLAIMED_BY),
                    r.get(MESSAGE_QUEUE.LEASE_UNTIL),
                    r.get(MESSAGE_QUEUE.RESCUED)));
  }

  /** How many messages {@link #listAll} would show over all its pages. */
  public int countAll(String clientName, MessageFilter filter) {
    return db.selectCount()
        .from(MESSAGE_QUEUE)
        .join(CONTACT)
        .on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
        .join(CLIENT)
        .on(CLIENT.ID.eq(MESSAGE_QUEUE.CLIENT_ID))
        .where(clientName == null ? DSL.noCondition() : CLIENT.CLIENT_NAME.eq(clientName))
        .and(conditions(filter, null))
        .fetchOne(0, int.class);
  }

  static Condition conditions(MessageFilter filter, Long before) {
    List<Condition> where = new ArrayList<>();
    if (before != null) where.add(MESSAGE_QUEUE.ID.lt(before));
    if (filter.status() != null) where.add(MESSAGE_QUEUE.STATUS.eq(filter.status()));
    if (filter.contactId() != null) where.add(MESSAGE_QUEUE.CONTACT_ID.eq(filter.contactId()));
    if (filter.phone() != null) where.add(CONTACT.PHONE.contains(filter.phone()));
    if (filter.createdAfter() != null)
      where.add(MESSAGE_QUEUE.CREATED_AT.ge(filter.createdAfter()));
    if (filter.createdBefore() != null)
      where.add(MESSAGE_QUEUE.CREATED_AT.lt(filter.createdBefore()));
    return DSL.and(where);
  }
}
