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
import java.time.Duration;
import java.time.OffsetDateTime;
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

  public MessageQueueRecord row(long id) {
    return db.selectFrom(MESSAGE_QUEUE).where(MESSAGE_QUEUE.ID.eq(id)).fetchOne();
  }

  public String status(long id) {
    return row(id).getStatus();
  }
}
