package com.wagateway.message;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

import com.wagateway.client.Client;
import com.wagateway.client.Quotas;
import com.wagateway.contact.ContactRepository;
import com.wagateway.db.schema.tables.records.MessageQueueRecord;
import com.wagateway.domain.ConflictException;
import com.wagateway.domain.FieldError;
import com.wagateway.domain.NotFoundException;
import com.wagateway.domain.UnprocessableException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep5;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.UpdateSetFirstStep;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;

/** Accepting messages into the queue, showing them to their owner, cancelling and retrying them. */
public final class MessageService {
  private static final String PENDING = MessageStatus.PENDING.value();

  private final DSLContext db;
  private final Runnable onEnqueued;
  private final Quotas quotas;

  /** {@code onEnqueued} wakes the local worker; it runs after each commit that adds messages. */
  public MessageService(DSLContext db, Runnable onEnqueued, Quotas quotas) {
    this.db = db;
    this.onEnqueued = onEnqueued;
    this.quotas = quotas;
  }

  /** Stores the message and its contact, then wakes the worker; returns only once committed. */
  public MessageView enqueue(Client client, MessageDraft draft) {
    MessageView view = createOne(client, draft);
    onEnqueued.run();
    return view;
  }

  /**
   * Creates one message, committed when this returns; call {@link #enqueued()} then. A message for
   * a phone number with no quota to check is one statement on its own (no transaction to open and
   * commit around it); anything else goes through {@link #create} in a transaction.
   */
  public MessageView createOne(Client client, MessageDraft draft) {
    if (draft.contactId() != null || quotas.applies(client)) {
      return db.transactionResult(tx -> create(tx.dsl(), client, List.of(draft), false).get(0));
    }
    // Measured: the separate upsert, insert, re-read and commit were four of the six round
    // trips of an enqueue. A data-modifying CTE does the upsert and the insert atomically.
    CommonTableExpression<Record1<Long>> contact =
        name("upserted_contact")
            .fields("id")
            .as(ContactRepository.upsertReturningId(client.id(), draft.phone(), draft.name()));
    MessageQueueRecord row =
        db.with(contact)
            .insertInto(
                MESSAGE_QUEUE,
                MESSAGE_QUEUE.CLIENT_ID,
                MESSAGE_QUEUE.CONTACT_ID,
                MESSAGE_QUEUE.TEXT,
                MESSAGE_QUEUE.SEND_AT,
                MESSAGE_QUEUE.STATUS)
            .select(
                select(
                        val(client.id()),
                        contact.field("id", Long.class),
                        val(draft.text()),
                        sendAt(draft),
                        val(PENDING))
                    .from(contact))
            .returning()
            .fetchOne();
    return toView(row, draft.phone());
  }

  /**
   * Creates all the messages or none, inside the caller's transaction: checks that every {@code
   * contact_id} is the client's (422 naming each bad item), reserves the quota (429), creates or
   * renames contacts by phone, then inserts. Call {@link #enqueued()} after commit. The answer is
   * in the order of {@code drafts}.
   */
  public List<MessageView> create(
      DSLContext tx, Client client, List<MessageDraft> drafts, boolean batch) {
    Map<Long, String> contactPhones = ownedContacts(tx, client, drafts, batch);
    quotas.reserve(tx, client, drafts.size());
    Map<String, Long> byPhone = new HashMap<>();
    Map<Long, String> phones = new HashMap<>(contactPhones);
    InsertValuesStep5<MessageQueueRecord, Long, Long, String, OffsetDateTime, String> insert =
        tx.insertInto(
            MESSAGE_QUEUE,
            MESSAGE_QUEUE.CLIENT_ID,
            MESSAGE_QUEUE.CONTACT_ID,
            MESSAGE_QUEUE.TEXT,
            MESSAGE_QUEUE.SEND_AT,
            MESSAGE_QUEUE.STATUS);
    for (MessageDraft d : drafts) {
      long contactId =
          d.contactId() != null
              ? d.contactId()
              : byPhone.compute(
                  d.phone() + "\n" + d.name(),
                  (k, known) ->
                      known != null
                          ? known
                          : ContactRepository.upsert(tx, client.id(), d.phone(), d.name()));
      if (d.contactId() == null) phones.put(contactId, d.phone());
      insert =
          insert.values(
              DSL.val(client.id()),
              DSL.val(contactId),
              DSL.val(d.text()),
              sendAt(d),
              DSL.val(PENDING));
    }
    // The answer comes from RETURNING rather than a re-read. Ids come from the sequence in
    // VALUES order, so sorted ids are the drafts' order.
    List<MessageView> views = new ArrayList<>();
    for (MessageQueueRecord row : insert.returning().fetch())
      views.add(toView(row, phones.get(row.getContactId())));
    views.sort(Comparator.comparingLong(MessageView::id));
    return views;
  }

  private static Field<OffsetDateTime> sendAt(MessageDraft d) {
    return d.sendAt() == null ? currentOffsetDateTime() : DSL.val(d.sendAt());
  }

  /** Wakes the local worker; call after the transaction that created messages committed. */
  public void enqueued() {
    onEnqueued.run();
  }

  /** The phone of each {@code contact_id} the drafts name, all of them the client's; else 422. */
  private static Map<Long, String> ownedContacts(
      DSLContext tx, Client client, List<MessageDraft> drafts, boolean batch) {
    Set<Long> wanted = new HashSet<>();
    for (MessageDraft d : drafts) if (d.contactId() != null) wanted.add(d.contactId());
    if (wanted.isEmpty()) return Map.of();
    // FOR SHARE: a contact deleted meanwhile cannot lose its row under our new messages.
    Map<Long, String> owned = new HashMap<>();
    tx.select(CONTACT.ID, CONTACT.PHONE)
        .from(CONTACT)
        .where(CONTACT.CLIENT_ID.eq(client.id()))
        .and(CONTACT.ID.in(wanted))
        .forShare()
        .fetch()
        .forEach(r -> owned.put(r.value1(), r.value2()));
    List<BatchErrors.ItemError> missing = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      Long id = drafts.get(i).contactId();
      if (id != null && !owned.containsKey(id)) {
        missing.add(
            new BatchErrors.ItemError(
                i, new FieldError("contact_id", "no contact " + id + " for this client")));
      }
    }
    if (missing.isEmpty()) return owned;
    if (!batch) {
      FieldError error = missing.get(0).error();
      throw new UnprocessableException(error.field() + ": " + error.message(), List.of(error));
    }
    throw BatchErrors.unprocessable(missing);
  }

  /** The client's message; any other client's is not found, as an id that does not exist. */
  public MessageView get(Client client, long id) {
    return db.select(MESSAGE_QUEUE.asterisk(), CONTACT.PHONE)
        .from(MESSAGE_QUEUE)
        .join(CONTACT)
        .on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
        .where(MESSAGE_QUEUE.ID.eq(id))
        .and(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
        .fetchOptional(MessageService::toView)
        .orElseThrow(() -> new NotFoundException("No message " + id + " for this client"));
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
            .returningResult(MESSAGE_QUEUE.asterisk(), CONTACT.PHONE)
            .fetchOptional(MessageService::toView);
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

  static MessageView toView(MessageQueueRecord r, String phone) {
    return new MessageView(
        r.getId(),
        r.getStatus(),
        phone,
        r.getContactId(),
        r.getText(),
        r.getErrorReason(),
        r.getAttempts(),
        r.getCreatedAt(),
        r.getSendAt(),
        r.getSentAt());
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
