package com.wagateway.receipt;

import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.min;

import com.wagateway.message.MessageStatus;
import com.wagateway.message.StatusEvents;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record6;
import org.jooq.UpdateSetMoreStep;
import org.jooq.types.DayToSecond;

/**
 * Records what a session's page showed of its messages past the single tick. The status only moves
 * forward, sent -> delivered -> read, each change in one UPDATE guarded on the statuses it may move
 * from: a receipt seen twice, seen late, or seen by two instances changes a row once, and a row the
 * worker still holds (sending) or that ended otherwise is never touched. Every change writes its
 * events in the same transaction, so a receiver hears of it exactly when it is committed.
 */
public final class ReceiptStore implements ReceiptLedger {
  private static final String SENT = MessageStatus.SENT.value();
  private static final String DELIVERED = MessageStatus.DELIVERED.value();
  private static final String READ = MessageStatus.READ.value();

  private final DSLContext db;
  private final StatusEvents events;
  private final ReceiptEvents listener;

  public ReceiptStore(DSLContext db, StatusEvents events, ReceiptEvents listener) {
    this.db = db;
    this.events = events;
    this.listener = listener;
  }

  /**
   * The message {@code waMessageId} of {@code session} showed {@code receipt}. A read also marks
   * read every earlier message of ours in the same chat (same session, same number): WhatsApp marks
   * a chat read as a whole. Answers the messages it moved forward (none when the receipt told
   * nothing new, or no message of the session has that key).
   */
  @Override
  public List<ReceiptChange> seen(String session, String waMessageId, Receipt receipt) {
    List<ReceiptChange> changes =
        db.transactionResult(
            c -> {
              DSLContext tx = c.dsl();
              List<Record6<Long, String, OffsetDateTime, OffsetDateTime, OffsetDateTime, String>>
                  moved =
                      forward(tx, receipt)
                          .from(CONTACT)
                          .where(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
                          .and(MESSAGE_QUEUE.SESSION_NAME.eq(session))
                          .and(MESSAGE_QUEUE.WA_MESSAGE_ID.eq(waMessageId))
                          .and(MESSAGE_QUEUE.STATUS.in(movableTo(receipt)))
                          .returningResult(
                              MESSAGE_QUEUE.ID,
                              MESSAGE_QUEUE.STATUS,
                              MESSAGE_QUEUE.SENT_AT,
                              MESSAGE_QUEUE.DELIVERED_AT,
                              MESSAGE_QUEUE.READ_AT,
                              CONTACT.PHONE)
                          .fetch();
              List<ReceiptChange> all = new ArrayList<>();
              for (var r : moved) {
                all.add(change(r.value1(), receipt, r.value3(), r.value4(), r.value5()));
                if (receipt == Receipt.READ) {
                  all.addAll(earlierRead(tx, session, r.value6(), r.value1(), r.value3()));
                }
              }
              tell(tx, all);
              return all;
            });
    if (!changes.isEmpty()) listener.recorded(changes);
    return changes;
  }

  /**
   * The row tells only the chat and its last message: that is our newest message in the chat (by
   * sent_at) when its text begins like the row's preview, which the chat list cuts short. A newer
   * message sent from the phone itself, or an incoming one, makes the texts disagree: then nothing
   * is recorded, rather than another message's receipt.
   */
  @Override
  public List<ReceiptChange> seenLast(
      String session, String chatDigits, String preview, Receipt receipt) {
    if (chatDigits.isEmpty()) return List.of();
    var newest =
        db.select(MESSAGE_QUEUE.WA_MESSAGE_ID, MESSAGE_QUEUE.TEXT)
            .from(MESSAGE_QUEUE)
            .join(CONTACT)
            .on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
            .where(CONTACT.PHONE.eq("+" + chatDigits))
            .and(MESSAGE_QUEUE.SESSION_NAME.eq(session))
            .and(MESSAGE_QUEUE.STATUS.in(SENT, DELIVERED, READ))
            .orderBy(MESSAGE_QUEUE.SENT_AT.desc(), MESSAGE_QUEUE.ID.desc())
            .limit(1)
            .fetchOne();
    if (newest == null || newest.value1() == null) return List.of();
    if (!Previews.begins(newest.value2(), preview)) return List.of();
    return seen(session, newest.value1(), receipt);
  }

  @Override
  public List<String> waitingChats(String session, Duration window, int limit) {
    Field<OffsetDateTime> oldest = min(MESSAGE_QUEUE.SENT_AT);
    return db.select(CONTACT.PHONE, oldest)
        .from(MESSAGE_QUEUE)
        .join(CONTACT)
        .on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
        .where(MESSAGE_QUEUE.SESSION_NAME.eq(session))
        .and(MESSAGE_QUEUE.STATUS.in(SENT, DELIVERED))
        .and(MESSAGE_QUEUE.SENT_AT.gt(currentOffsetDateTime().minus(DayToSecond.valueOf(window))))
        .and(MESSAGE_QUEUE.WA_MESSAGE_ID.isNotNull())
        .groupBy(CONTACT.PHONE)
        .orderBy(oldest)
        .limit(limit)
        .fetch(CONTACT.PHONE);
  }

  @Override
  public boolean sendDue(String session) {
    return db.fetchExists(
        db.selectOne()
            .from(MESSAGE_QUEUE)
            .where(MESSAGE_QUEUE.SESSION_NAME.eq(session))
            .and(MESSAGE_QUEUE.STATUS.eq(MessageStatus.PENDING.value()))
            .and(MESSAGE_QUEUE.SEND_AT.le(currentOffsetDateTime())));
  }

  /**
   * Every message of ours in the chat of {@code phone} sent up to {@code sentAt} and short of read
   * is read now (WhatsApp marks a chat read as a whole). The chat is the session's, whichever
   * client the messages came from.
   */
  private static List<ReceiptChange> earlierRead(
      DSLContext tx, String session, String phone, long readId, OffsetDateTime sentAt) {
    if (sentAt == null) return List.of();
    return forward(tx, Receipt.READ)
        .from(CONTACT)
        .where(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
        .and(CONTACT.PHONE.eq(phone))
        .and(MESSAGE_QUEUE.SESSION_NAME.eq(session))
        .and(MESSAGE_QUEUE.STATUS.in(SENT, DELIVERED))
        .and(MESSAGE_QUEUE.SENT_AT.le(sentAt))
        .and(MESSAGE_QUEUE.ID.ne(readId))
        .returningResult(
            MESSAGE_QUEUE.ID,
            MESSAGE_QUEUE.SENT_AT,
            MESSAGE_QUEUE.DELIVERED_AT,
            MESSAGE_QUEUE.READ_AT)
        .fetch(r -> change(r.value1(), Receipt.READ, r.value2(), r.value3(), r.value4()));
  }

  /** The SET part: the new status, and each time set once (a time already there stays). */
  private static UpdateSetMoreStep<?> forward(DSLContext tx, Receipt receipt) {
    Field<OffsetDateTime> now = currentOffsetDateTime();
    return tx.update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, receipt.status().value())
        .set(MESSAGE_QUEUE.DELIVERED_AT, coalesce(MESSAGE_QUEUE.DELIVERED_AT, now))
        .set(
            MESSAGE_QUEUE.READ_AT,
            receipt == Receipt.READ ? coalesce(MESSAGE_QUEUE.READ_AT, now) : MESSAGE_QUEUE.READ_AT);
  }

  /** The statuses a receipt may move a message from: never from where it already is or beyond. */
  private static List<String> movableTo(Receipt receipt) {
    return receipt == Receipt.DELIVERED ? List.of(SENT) : List.of(SENT, DELIVERED);
  }

  /**
   * What the UPDATE did to one row. A read whose row had no delivered_at before sets both to the
   * transaction's time, so equal times mean this change delivered it too.
   */
  private static ReceiptChange change(
      long id,
      Receipt receipt,
      OffsetDateTime sentAt,
      OffsetDateTime deliveredAt,
      OffsetDateTime readAt) {
    boolean read = receipt == Receipt.READ;
    boolean delivered = !read || deliveredAt.isEqual(readAt);
    return new ReceiptChange(id, delivered, read, sentAt, deliveredAt, readAt);
  }

  /**
   * The events, in each message's order: delivered (for a read seen first, too) before read. The
   * outbox keeps one message's deliveries to a target in the order they were written.
   */
  private void tell(DSLContext tx, List<ReceiptChange> changes) {
    List<Long> deliveredFirst =
        changes.stream().filter(c -> c.read() && c.delivered()).map(c -> c.messageId()).toList();
    if (!deliveredFirst.isEmpty()) {
      events.changedTo(tx, deliveredFirst, MessageStatus.DELIVERED);
    }
    List<Long> all = changes.stream().map(ReceiptChange::messageId).toList();
    if (!all.isEmpty()) events.changed(tx, all);
  }
}
