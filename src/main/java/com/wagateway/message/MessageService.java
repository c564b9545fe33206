package com.wagateway.message;

import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import com.wagateway.client.Client;
import com.wagateway.client.Quotas;
import com.wagateway.contact.ContactRepository;
import com.wagateway.http.ApiException;
import com.wagateway.http.FieldError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep5;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Accepting messages into the queue, showing them to their owner, cancelling and retrying them. */
public final class MessageService {
  private static final String PENDING = MessageStatus.PENDING.value();

  private final DSLContext db;
  private final Runnable onEnqueued;
  private final Quotas quotas;

  /** {@code onEnqueued} runs after each commit, to wake the local worker. */
  public MessageService(DSLContext db, Runnable onEnqueued) {
    this(db, onEnqueued, Quotas.unlimited());
  }

  public MessageService(DSLContext db, Runnable onEnqueued, Quotas quotas) {
    this.db = db;
    this.onEnqueued = onEnqueued;
    this.quotas = quotas;
  }

  /** Stores the message and its contact in one transaction; returns only once committed. */
  public MessageView enqueue(Client client, NewMessage message) {
    MessageView view = db.transactionResult(tx -> create(tx.dsl(), client, List.of(MessageDraft.of(message)), false).get(0));
    onEnqueued.run();
    return view;
  }

  /**
   * Creates all the messages or none, inside the caller's transaction: checks that every
   * {@code contact_id} is the client's (422 naming each bad item), reserves the quota (429),
   * creates or renames contacts by phone, then inserts. Call {@link #enqueued()} after commit.
   * The answer is in the order of {@code drafts}.
   */
  public List<MessageView> create(DSLContext tx, Client client, List<MessageDraft> drafts, boolean batch) {
    Map<Long, Long> contacts = ownedContacts(tx, client, drafts, batch);
    quotas.reserve(tx, client.id(), drafts.size());
    Map<String, Long> byPhone = new HashMap<>();
    InsertValuesStep5<com.wagateway.db.schema.tables.records.MessageQueueRecord, Long, Long, String, java.time.OffsetDateTime, String> insert = tx.insertInto(MESSAGE_QUEUE,
        MESSAGE_QUEUE.CLIENT_ID, MESSAGE_QUEUE.CONTACT_ID, MESSAGE_QUEUE.TEXT, MESSAGE_QUEUE.SEND_AT, MESSAGE_QUEUE.STATUS);
    for (MessageDraft d : drafts) {
      long contactId = d.contactId() != null
          ? contacts.get(d.contactId())
          : byPhone.compute(d.phone() + "\n" + d.name(), (k, known) ->
              known != null ? known : ContactRepository.upsert(tx, client.id(), d.phone(), d.name()));
      insert = insert.values(DSL.val(client.id()), DSL.val(contactId), DSL.val(d.text()),
          d.sendAt() == null ? currentOffsetDateTime() : DSL.val(d.sendAt()), DSL.val(PENDING));
    }
    // Ids come from the sequence in VALUES order, so sorted ids are the drafts' order.
    List<Long> ids = new ArrayList<>(insert.returning(MESSAGE_QUEUE.ID).fetch(MESSAGE_QUEUE.ID));
    ids.sort(null);
    return views(tx, client, ids);
  }

  /** Wakes the local worker; call after the transaction that created messages committed. */
  public void enqueued() {
    onEnqueued.run();
  }

  private static Map<Long, Long> ownedContacts(DSLContext tx, Client client, List<MessageDraft> drafts, boolean batch) {
    Set<Long> wanted = new java.util.HashSet<>();
    for (MessageDraft d : drafts) if (d.contactId() != null) wanted.add(d.contactId());
    if (wanted.isEmpty()) return Map.of();
    // FOR SHARE: a contact deleted meanwhile cannot lose its row under our new messages.
    Map<Long, Long> owned = new HashMap<>();
    tx.select(CONTACT.ID).from(CONTACT)
        .where(CONTACT.CLIENT_ID.eq(client.id()))
        .and(CONTACT.ID.in(wanted))
        .forShare()
        .fetch(CONTACT.ID)
        .forEach(id -> owned.put(id, id));
    List<BatchErrors.ItemError> missing = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      Long id = drafts.get(i).contactId();
      if (id != null && !owned.containsKey(id)) {
        missing.add(new BatchErrors.ItemError(i, new FieldError("contact_id", "no contact " + id + " for this client")));
      }
    }
    if (missing.isEmpty()) return owned;
    if (!batch) {
      throw ApiException.unprocessable("contact_id: no contact " + drafts.get(0).contactId() + " for this client",
          List.of(missing.get(0).error()));
    }
    throw BatchErrors.unprocessable(missing);
  }

  public Optional<MessageView> find(Client client, long id) {
    return db.select(MESSAGE_QUEUE.asterisk(), CONTACT.PHONE)
        .from(MESSAGE_QUEUE)
        .join(CONTACT).on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
        .where(MESSAGE_QUEUE.ID.eq(id))
        .and(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
        .fetchOptional(MessageService::toView);
  }

  private static List<MessageView> views(DSLContext tx, Client client, Collection<Long> ids) {
    return tx.select(MESSAGE_QUEUE.asterisk(), CONTACT.PHONE)
        .from(MESSAGE_QUEUE)
        .join(CONTACT).on(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID))
        .where(MESSAGE_QUEUE.ID.in(ids))
        .and(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
        .orderBy(MESSAGE_QUEUE.ID)
        .fetch(MessageService::toView);
  }

  /**
   * Cancels a message that is still pending. The guarded UPDATE and the worker's claim lock the
   * same row, so exactly one of them wins: a claimed message is 'sending' and stays sent.
   * Cancelling a cancelled message again answers it unchanged.
   */
  public MessageView cancel(Client client, long id) {
    int updated = db.update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, MessageStatus.CANCELLED.value())
        .where(MESSAGE_QUEUE.ID.eq(id))
        .and(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
        .and(MESSAGE_QUEUE.STATUS.eq(PENDING))
        .execute();
    MessageView view = find(client, id).orElseThrow(() -> notFound(id));
    if (updated == 0 && !view.status().equals(MessageStatus.CANCELLED.value())) {
      throw ApiException.conflict("Message " + id + " is " + view.status() + "; only a pending message can be cancelled");
    }
    return view;
  }

  /** Puts a failed message back in the queue, due now, with a fresh count of attempts. */
  public MessageView retry(Client client, long id) {
    int updated = db.update(MESSAGE_QUEUE)
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
      throw ApiException.conflict("Message " + id + " is " + view.status() + "; only a failed message can be retried");
    }
    onEnqueued.run();
    return view;
  }

  static ApiException notFound(long id) {
    return ApiException.notFound("No message " + id + " for this client");
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
