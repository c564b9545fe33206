package com.wagateway.support;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;

import com.wagateway.client.ApiKeys;
import com.wagateway.client.Caller;
import com.wagateway.client.ClientService;
import com.wagateway.client.NewKey;
import com.wagateway.client.Quotas;
import com.wagateway.db.schema.tables.records.MessageQueueRecord;
import com.wagateway.message.Idempotency;
import com.wagateway.message.MessageDraft;
import com.wagateway.message.MessageIntake;
import com.wagateway.message.MessageView;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;

/** Puts messages in a test database the way the API does, and reads them back. */
public final class Messages {
  private final DSLContext db;
  private final MessageIntake intake;
  private final Caller caller;

  public Messages(TestDatabase database, String clientName) {
    this.db = database.dsl();
    this.intake =
        new MessageIntake(
            db,
            new Quotas(0, 0),
            new Idempotency(db),
            () -> {},
            new MessageIntake.Settings(Duration.ZERO, 100, 1, Duration.ofSeconds(30)));
    NewKey key = new ClientService(db).create(clientName, null);
    this.caller = new Caller(key.client(), ApiKeys.hash(key.apiKey()));
  }

  public long enqueue(String phone, String text) {
    return enqueue(phone, text, null);
  }

  public long enqueue(String phone, String text, OffsetDateTime sendAt) {
    MessageDraft draft = MessageDraft.toPhone(phone, "Contact", text, sendAt);
    return intake.one(caller, null, null, null, draft).join().created().get(0).id();
  }

  /** {@code count} messages in one request, as {@code POST /messages/batch} makes them. */
  public List<Long> enqueueBatch(String phone, int count, OffsetDateTime sendAt) {
    List<MessageDraft> drafts = new ArrayList<>();
    for (int i = 0; i < count; i++)
      drafts.add(MessageDraft.toPhone(phone, "Contact", "batch message " + i, sendAt));
    return intake.batch(caller, null, null, null, drafts).join().created().stream()
        .map(MessageView::id)
        .toList();
  }

  public MessageQueueRecord row(long id) {
    return db.selectFrom(MESSAGE_QUEUE).where(MESSAGE_QUEUE.ID.eq(id)).fetchOne();
  }

  /** Moves the message's lease into the past, as if its claimant had died long ago. */
  public void expireLease(long id) {
    db.update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.LEASE_UNTIL, OffsetDateTime.now().minusMinutes(1))
        .where(MESSAGE_QUEUE.ID.eq(id))
        .execute();
  }

  /** Makes a scheduled message due now, as if its time had come. */
  public void makeDue(long id) {
    db.update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.SEND_AT, OffsetDateTime.now().minusSeconds(1))
        .where(MESSAGE_QUEUE.ID.eq(id))
        .execute();
  }

  public String status(long id) {
    return row(id).getStatus();
  }
}
