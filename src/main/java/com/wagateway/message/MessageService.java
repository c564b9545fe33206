package com.wagateway.message;

import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import com.wagateway.client.Client;
import com.wagateway.contact.ContactRepository;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Accepting messages into the queue and showing them to their owner. */
public final class MessageService {
  private final DSLContext db;
  private final Runnable onEnqueued;

  /** {@code onEnqueued} runs after each commit, to wake the local worker. */
  public MessageService(DSLContext db, Runnable onEnqueued) {
    this.db = db;
    this.onEnqueued = onEnqueued;
  }

  /** Stores the message and its contact in one transaction; returns only once committed. */
  public MessageView enqueue(Client client, NewMessage message) {
    long id = db.transactionResult(tx -> {
      DSLContext t = tx.dsl();
      long contactId = ContactRepository.upsert(t, client.id(), message.phone(), message.name());
      return t.insertInto(MESSAGE_QUEUE)
          .set(MESSAGE_QUEUE.CLIENT_ID, client.id())
          .set(MESSAGE_QUEUE.CONTACT_ID, contactId)
          .set(MESSAGE_QUEUE.TEXT, message.text())
          .set(MESSAGE_QUEUE.SEND_AT, message.sendAt() == null ? currentOffsetDateTime() : DSL.val(message.sendAt()))
          .returning(MESSAGE_QUEUE.ID)
          .fetchOne(MESSAGE_QUEUE.ID);
    });
    onEnqueued.run();
    return find(client, id).orElseThrow();
  }

  public Optional<MessageView> find(Client client, long id) {
    return db.select(MESSAGE_QUEUE.asterisk(), CONTACT.PHONE)
        .from(MESSAGE_QUEUE)
        .join(CONTACT).on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
        .where(MESSAGE_QUEUE.ID.eq(id))
        .and(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
        .fetchOptional(MessageService::toView);
  }

  static MessageView toView(Record r) {
    return new MessageView(
        r.get(MESSAGE_QUEUE.ID),
        r.get(MESSAGE_QUEUE.STATUS),
        r.get(CONTACT.PHONE),
        r.get(MESSAGE_QUEUE.CONTACT_ID),
        r.get(MESSAGE_QUEUE.TEXT),
        r.get(MESSAGE_QUEUE.ERROR_REASON),
        r.get(MESSAGE_QUEUE.ATTEMPTS),
        r.get(MESSAGE_QUEUE.CREATED_AT),
        r.get(MESSAGE_QUEUE.SEND_AT),
        r.get(MESSAGE_QUEUE.SENT_AT));
  }
}
