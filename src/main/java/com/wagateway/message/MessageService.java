package com.wagateway.message;

import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import com.wagateway.client.Client;
import com.wagateway.domain.ConflictException;
import com.wagateway.domain.NotFoundException;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Messages as their owner sees them: reading, cancelling and retrying. New messages come in through
 * {@link MessageIntake}.
 */
public final class MessageService {
  private static final String PENDING = MessageStatus.PENDING.value();

  private final DSLContext db;
  private final Runnable onEnqueued;

  /**
   * {@code onEnqueued} wakes the local worker; it runs after each commit that makes messages due.
   */
  public MessageService(DSLContext db, Runnable onEnqueued) {
    this.db = db;
    this.onEnqueued = onEnqueued;
  }

  /** Wakes the local worker; call after the transaction that created messages committed. */
  public void enqueued() {
    onEnqueued.run();
  }

  public Optional<MessageView> find(Client client, long id) {
    return db.select(MESSAGE_QUEUE.asterisk(), CONTACT.PHONE)
        .from(MESSAGE_QUEUE)
        .join(CONTACT)
        .on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
        .where(MESSAGE_QUEUE.ID.eq(id))
        .and(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
        .fetchOptional(MessageService::toView);
  }

  /**
   * Cancels a message that is still pending. The guarded UPDATE and the worker's claim lock the
   * same row, so exactly one of them wins: a claimed message is 'sending' and stays sent.
   * Cancelling a cancelled message again answers it unchanged.
   */
  public MessageView cancel(Client client, long id) {
    int updated =
        db.update(MESSAGE_QUEUE)
            .set(MESSAGE_QUEUE.STATUS, MessageStatus.CANCELLED.value())
            .where(MESSAGE_QUEUE.ID.eq(id))
            .and(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
            .and(MESSAGE_QUEUE.STATUS.eq(PENDING))
            .execute();
    MessageView view = find(client, id).orElseThrow(() -> notFound(id));
    if (updated == 0 && !view.status().equals(MessageStatus.CANCELLED.value())) {
      throw new ConflictException(
          "Message " + id + " is " + view.status() + "; only a pending message can be cancelled");
    }
    return view;
  }

  /** Puts a failed message back in the queue, due now, with a fresh count of attempts. */
  public MessageView retry(Client client, long id) {
    int updated =
        db.update(MESSAGE_QUEUE)
            .set(MESSAGE_QUEUE.STATUS, PENDING)
            .set(MESSAGE_QUEUE.ATTEMPTS, 0)
            .set(MESSAGE_QUEUE.ERROR_REASON, (String) null)
            .set(MESSAGE_QUEUE.SEND_AT, currentOffsetDateTime())
            .set(MESSAGE_QUEUE.CLAIMED_BY, (String) null)
            .set(MESSAGE_QUEUE.LEASE_UNTIL, (java.time.OffsetDateTime) null)
            .where(MESSAGE_QUEUE.ID.eq(id))
            .and(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
            .and(MESSAGE_QUEUE.STATUS.eq(MessageStatus.FAILED.value()))
            .execute();
    MessageView view = find(client, id).orElseThrow(() -> notFound(id));
    if (updated == 0) {
      throw new ConflictException(
          "Message " + id + " is " + view.status() + "; only a failed message can be retried");
    }
    onEnqueued.run();
    return view;
  }

  static NotFoundException notFound(long id) {
    return new NotFoundException("No message " + id + " for this client");
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
