package com.wagateway.message;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MEDIA;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.db.schema.Tables.NUMBER_CHECK;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.selectOne;

import com.wagateway.client.Client;
import com.wagateway.db.schema.tables.records.MessageQueueRecord;
import com.wagateway.domain.ConflictException;
import com.wagateway.domain.NotFoundException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.UpdateSetFirstStep;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;

/**
 * Messages as their owner sees them: reading, cancelling and retrying. New messages come in through
 * {@link MessageIntake}.
 */
public final class MessageService {
  private static final String PENDING = MessageStatus.PENDING.value();

  private final DSLContext db;
  private final Runnable onEnqueued;
  private final StatusEvents events;

  /**
   * {@code onEnqueued} wakes the local worker; it runs after each commit that makes messages due.
   */
  public MessageService(DSLContext db, Runnable onEnqueued) {
    this(db, onEnqueued, StatusEvents.NONE);
  }

  /** {@code events} hears of each cancel in its transaction (the webhook outbox). */
  public MessageService(DSLContext db, Runnable onEnqueued, StatusEvents events) {
    this.db = db;
    this.onEnqueued = onEnqueued;
    this.events = events;
  }

  /** Wakes the local worker; call after the transaction that created messages committed. */
  public void enqueued() {
    onEnqueued.run();
  }

  /** The client's message; any other client's is not found, as an id that does not exist. */
  public MessageView get(Client client, long id) {
    return db.select(MESSAGE_QUEUE.asterisk(), CONTACT.PHONE)
        .from(MESSAGE_QUEUE)
        .join(CONTACT)
        .on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
        .where(MESSAGE_QUEUE.ID.eq(id))
        .and(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
        .fetchOptional(MessageView::of)
        .orElseThrow(() -> new NotFoundException("No message " + id + " for this client"));
  }

  /**
   * Cancels a message that is still pending. The guarded UPDATE and the worker's claim lock the
   * same row, so exactly one of them wins: a claimed message is 'sending' and stays sent.
   * Cancelling a cancelled message again answers it unchanged.
   */
  public MessageView cancel(Client client, long id) {
    int updated =
        db.transactionResult(
            c -> {
              int n =
                  c.dsl()
                      .update(MESSAGE_QUEUE)
                      .set(MESSAGE_QUEUE.STATUS, MessageStatus.CANCELLED.value())
                      .where(MESSAGE_QUEUE.ID.eq(id))
                      .and(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
                      .and(MESSAGE_QUEUE.STATUS.eq(PENDING))
                      .execute();
              if (n == 1) events.changed(c.dsl(), List.of(id));
              return n;
            });
    MessageView view = get(client, id);
    if (updated == 0 && !view.status().equals(MessageStatus.CANCELLED.value())) {
      throw new ConflictException(
          "Message " + id + " is " + view.status() + "; only a pending message can be cancelled");
    }
    return view;
  }

  /**
   * Puts a failed or unconfirmed message back in the queue, due now, with a fresh count of
   * attempts. An unconfirmed message may already be on the phone: retrying it is the operator's
   * decision.
   */
  public MessageView retry(Client client, long id) {
    forgetNotOnWhatsApp(
        db.select(CONTACT.PHONE)
            .from(MESSAGE_QUEUE)
            .join(CONTACT)
            .on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
            .where(MESSAGE_QUEUE.ID.eq(id))
            .and(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
            .and(
                MESSAGE_QUEUE.STATUS.in(
                    MessageStatus.FAILED.value(), MessageStatus.UNCONFIRMED.value())));
    // The answer comes from RETURNING: read afterwards, it could already show the worker's claim.
    Optional<MessageView> retried =
        requeue(db.update(MESSAGE_QUEUE))
            .from(CONTACT)
            .where(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
            .and(MESSAGE_QUEUE.ID.eq(id))
            .and(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
            .and(
                MESSAGE_QUEUE.STATUS.in(
                    MessageStatus.FAILED.value(), MessageStatus.UNCONFIRMED.value()))
            .and(fileStillStored())
            .returningResult(MESSAGE_QUEUE.asterisk(), CONTACT.PHONE)
            .fetchOptional(MessageView::of);
    if (retried.isEmpty() && fileGone(client, id)) {
      throw new ConflictException(
          "Message "
              + id
              + "'s file was deleted by retention (WA_MEDIA_RETENTION); upload it again and send"
              + " a new message");
    }
    if (retried.isEmpty()) {
      throw new ConflictException(
          "Message "
              + id
              + " is "
              + get(client, id).status()
              + "; only a failed or unconfirmed message can be retried");
    }
    onEnqueued.run();
    return retried.get();
  }

  /**
   * Puts every failed message that the operator's filter shows (of one client, or of all when
   * {@code clientName} is null) back in the queue, as {@link #retry} does one; answers how many.
   * Only {@code failed} ones: a message that may have reached the phone is retried one at a time,
   * on purpose.
   */
  public int retryFailed(String clientName, MessageFilter filter) {
    forgetNotOnWhatsApp(
        db.select(CONTACT.PHONE)
            .from(MESSAGE_QUEUE)
            .join(CONTACT)
            .on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
            .join(CLIENT)
            .on(CLIENT.ID.eq(CONTACT.CLIENT_ID))
            .where(clientName == null ? DSL.noCondition() : CLIENT.CLIENT_NAME.eq(clientName))
            .and(MessageListing.conditions(filter, null))
            .and(MESSAGE_QUEUE.STATUS.eq(MessageStatus.FAILED.value())));
    int updated =
        requeue(db.update(MESSAGE_QUEUE))
            .from(CONTACT.join(CLIENT).on(CLIENT.ID.eq(CONTACT.CLIENT_ID)))
            .where(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
            .and(clientName == null ? DSL.noCondition() : CLIENT.CLIENT_NAME.eq(clientName))
            .and(MessageListing.conditions(filter, null))
            .and(MESSAGE_QUEUE.STATUS.eq(MessageStatus.FAILED.value()))
            .execute();
    if (updated > 0) onEnqueued.run();
    return updated;
  }

  /**
   * A message retried on purpose asks WhatsApp again: a kept "not on WhatsApp" for its number
   * (numbers/NumberGate) would otherwise fail it at once, without a look.
   */
  private void forgetNotOnWhatsApp(Select<Record1<String>> phones) {
    db.deleteFrom(NUMBER_CHECK)
        .where(NUMBER_CHECK.ON_WHATSAPP.isFalse())
        .and(NUMBER_CHECK.PHONE.in(phones))
        .execute();
  }

  /** Due now, attempts from zero, no reason, no holder: as if just created. */
  private static UpdateSetMoreStep<MessageQueueRecord> requeue(
      UpdateSetFirstStep<MessageQueueRecord> update) {
    return update
        .set(MESSAGE_QUEUE.STATUS, PENDING)
        .set(MESSAGE_QUEUE.ATTEMPTS, 0)
        .set(MESSAGE_QUEUE.ERROR_REASON, (String) null)
        .set(MESSAGE_QUEUE.SEND_AT, currentOffsetDateTime())
        .set(MESSAGE_QUEUE.CLAIMED_BY, (String) null)
        .set(MESSAGE_QUEUE.LEASE_UNTIL, (OffsetDateTime) null);
  }

  /**
   * A text, or a message whose media still has its bytes; the media is locked (FOR SHARE) until the
   * commit, so retention cannot purge it under a message being put back in the queue.
   */
  private static Condition fileStillStored() {
    return MESSAGE_QUEUE
        .MEDIA_ID
        .isNull()
        .or(
            exists(
                selectOne()
                    .from(MEDIA)
                    .where(MEDIA.ID.eq(MESSAGE_QUEUE.MEDIA_ID))
                    .and(MEDIA.SHA256.isNotNull())
                    .forShare()));
  }

  private boolean fileGone(Client client, long id) {
    return db.fetchExists(
        selectOne()
            .from(MESSAGE_QUEUE)
            .join(MEDIA)
            .on(MEDIA.ID.eq(MESSAGE_QUEUE.MEDIA_ID))
            .where(MESSAGE_QUEUE.ID.eq(id))
            .and(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
            .and(MEDIA.SHA256.isNull()));
  }
}
