package com.wagateway.message;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.MEDIA;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.arrayGet;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.unnest;

import com.wagateway.client.ApiKeys;
import com.wagateway.client.Quotas;
import com.wagateway.contact.ContactRepository;
import com.wagateway.db.ArrayValues;
import com.wagateway.domain.ConflictException;
import com.wagateway.domain.FieldError;
import com.wagateway.domain.QuotaExceededException;
import com.wagateway.domain.UnprocessableException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record7;
import org.jooq.Table;

/**
 * The statements of one group commit, in one open transaction: check each caller's key, answer
 * repeated {@code Idempotency-Key}s, check the contacts named by id, take the quotas in order of
 * arrival, then store the rest with one multi-row statement per table. A refusal fails only its own
 * request; the caller commits, and only then may anyone be answered.
 *
 * <p>Locks are taken in one order (quota buckets by client, contacts by phone, keys by name) so two
 * instances writing the same clients wait for each other instead of deadlocking.
 */
final class GroupCommitTransaction {
  private static final String PENDING = MessageStatus.PENDING.value();

  /** Another transaction stored one of this group's keys first: run the group again. */
  static final class KeyTakenMeanwhile extends RuntimeException {
    KeyTakenMeanwhile() {
      super(
          "An Idempotency-Key of this group was stored by another transaction", null, false, false);
    }
  }

  private final DSLContext tx;
  private final List<Submission> group;
  private final Quotas quotas;
  private final Idempotency idempotency;
  private final Object[] results;
  // For a request that repeats a key of an earlier request in this group: that request's index.
  private final int[] leaderOf;
  private final Map<Long, String> contactPhones = new HashMap<>();
  // Each caller's client's own session, as read in this transaction.
  private final Map<Long, String> clientSessions = new HashMap<>();
  private OffsetDateTime now;

  GroupCommitTransaction(
      DSLContext tx, List<Submission> group, Quotas quotas, Idempotency idempotency) {
    this.tx = tx;
    this.group = group;
    this.quotas = quotas;
    this.idempotency = idempotency;
    this.results = new Object[group.size()];
    this.leaderOf = new int[group.size()];
    Arrays.fill(leaderOf, -1);
  }

  /**
   * Runs the statements; each element of the answer is the submission's {@link Outcome} or the
   * {@link RuntimeException} that refuses it.
   */
  Object[] run() {
    Map<Long, Quotas.Limits> limits = checkKeys();
    if (now == null) return results;
    replayKeys();
    checkContacts();
    checkMedia();
    Quotas.Ledger ledger = quotas.open(tx, limitsOfOpen(limits), now);
    for (int i = 0; i < group.size(); i++) {
      if (!open(i)) continue;
      Submission s = group.get(i);
      try {
        ledger.take(s.caller().clientId(), s.drafts().size());
      } catch (QuotaExceededException e) {
        results[i] = e;
      }
    }
    insertMessages();
    storeKeys();
    ledger.save(tx);
    answerRepeats();
    return results;
  }

  private boolean open(int i) {
    return results[i] == null && leaderOf[i] < 0;
  }

  /**
   * The callers' clients as they are now: the same key (an operator acting as the client has none
   * to check), still active; and their quotas.
   */
  private Map<Long, Quotas.Limits> checkKeys() {
    Set<Long> ids = new LinkedHashSet<>();
    for (Submission s : group) ids.add(s.caller().clientId());
    Map<Long, Record7<Long, String, Boolean, Integer, Integer, OffsetDateTime, String>> rows =
        new HashMap<>();
    for (var r :
        tx.select(
                CLIENT.ID,
                CLIENT.API_KEY_HASH,
                CLIENT.ACTIVE,
                CLIENT.QUOTA_PER_MINUTE,
                CLIENT.QUOTA_PER_DAY,
                currentOffsetDateTime(),
                CLIENT.SESSION_NAME)
            .from(CLIENT)
            .where(CLIENT.ID.eq(any(ArrayValues.longs(ids))))
            .fetch()) {
      rows.put(r.value1(), r);
      clientSessions.put(r.value1(), r.value7());
      now = r.value6();
    }
    Map<Long, Quotas.Limits> limits = new HashMap<>();
    for (int i = 0; i < group.size(); i++) {
      Submission s = group.get(i);
      var row = rows.get(s.caller().clientId());
      String keyHash = s.caller().keyHash();
      if (keyHash == null && (row == null || !row.value3())) {
        results[i] =
            new ConflictException(
                "Client '"
                    + s.caller().client().name()
                    + "' is disabled or deleted; its messages are refused");
      } else if (row == null
          || !row.value3()
          || (keyHash != null && !ApiKeys.sameHash(row.value2(), keyHash))) {
        results[i] = new KeyRevokedException();
      } else {
        limits.put(row.value1(), quotas.limits(row.value4(), row.value5()));
      }
    }
    return limits;
  }

  /** Answers the keys stored by earlier requests; marks later uses of a key within the group. */
  private void replayKeys() {
    Map<Idempotency.KeyId, Integer> first = new LinkedHashMap<>();
    for (int i = 0; i < group.size(); i++) {
      Idempotency.KeyId key = group.get(i).keyId();
      if (key == null || results[i] != null) continue;
      Integer leader = first.putIfAbsent(key, i);
      if (leader != null) leaderOf[i] = leader;
    }
    if (first.isEmpty()) return;
    Map<Idempotency.KeyId, Idempotency.Stored> stored = idempotency.find(tx, first.keySet());
    for (int i = 0; i < group.size(); i++) {
      Idempotency.KeyId key = group.get(i).keyId();
      Idempotency.Stored earlier = key == null ? null : stored.get(key);
      if (earlier == null || results[i] != null) continue;
      leaderOf[i] = -1;
      results[i] =
          earlier.requestHash().equals(group.get(i).fingerprint())
              ? Outcome.replayed(earlier.answer())
              : reusedKey();
    }
  }

  /** Every {@code contact_id} must be the caller's; else 422 naming each bad one. */
  private void checkContacts() {
    Set<Long> wanted = new LinkedHashSet<>();
    for (int i = 0; i < group.size(); i++) {
      if (!open(i)) continue;
      for (MessageDraft d : group.get(i).drafts())
        if (d.contactId() != null) wanted.add(d.contactId());
    }
    if (wanted.isEmpty()) return;
    Map<Long, ContactRepository.Owned> owned = ContactRepository.byIds(tx, wanted);
    for (int i = 0; i < group.size(); i++) {
      if (!open(i)) continue;
      Submission s = group.get(i);
      List<BatchErrors.ItemError> missing = new ArrayList<>();
      for (int item = 0; item < s.drafts().size(); item++) {
        Long id = s.drafts().get(item).contactId();
        if (id == null) continue;
        ContactRepository.Owned contact = owned.get(id);
        if (contact == null || contact.clientId() != s.caller().clientId()) {
          missing.add(
              new BatchErrors.ItemError(
                  item, new FieldError("contact_id", "no contact " + id + " for this client")));
        } else {
          contactPhones.put(id, contact.phone());
        }
      }
      if (!missing.isEmpty()) results[i] = refusal(s, missing);
    }
  }

  /**
   * Every {@code media_id} must be the caller's; else 422 naming each bad one. The media rows are
   * locked (FOR SHARE) until the commit, so none is deleted between this check and the insert.
   */
  private void checkMedia() {
    Set<Long> wanted = new LinkedHashSet<>();
    for (int i = 0; i < group.size(); i++) {
      if (!open(i)) continue;
      for (MessageDraft d : group.get(i).drafts()) if (d.mediaId() != null) wanted.add(d.mediaId());
    }
    if (wanted.isEmpty()) return;
    Map<Long, Long> owners =
        tx.select(MEDIA.ID, MEDIA.CLIENT_ID)
            .from(MEDIA)
            .where(MEDIA.ID.in(wanted))
            .and(MEDIA.SHA256.isNotNull())
            .orderBy(MEDIA.ID)
            .forShare()
            .fetchMap(MEDIA.ID, MEDIA.CLIENT_ID);
    for (int i = 0; i < group.size(); i++) {
      if (!open(i)) continue;
      Submission s = group.get(i);
      List<BatchErrors.ItemError> missing = new ArrayList<>();
      for (int item = 0; item < s.drafts().size(); item++) {
        Long id = s.drafts().get(item).mediaId();
        if (id == null || Long.valueOf(s.caller().clientId()).equals(owners.get(id))) continue;
        missing.add(
            new BatchErrors.ItemError(
                item,
                new FieldError(
                    "media_id",
                    "no media " + id + " for this client; upload it with POST /media")));
      }
      if (!missing.isEmpty()) results[i] = refusal(s, missing);
    }
  }

  /** 422 naming each bad item of a batch, or the one field of a single message. */
  private static UnprocessableException refusal(Submission s, List<BatchErrors.ItemError> missing) {
    if (s.batch()) return BatchErrors.unprocessable(missing);
    FieldError error = missing.get(0).error();
    return new UnprocessableException(error.field() + ": " + error.message(), List.of(error));
  }

  private Map<Long, Quotas.Limits> limitsOfOpen(Map<Long, Quotas.Limits> limits) {
    Map<Long, Quotas.Limits> open = new HashMap<>();
    for (int i = 0; i < group.size(); i++) {
      long client = group.get(i).caller().clientId();
      if (open(i)) open.put(client, limits.get(client));
    }
    return open;
  }

  /** A message about to be inserted. */
  private record Row(
      long client,
      long contact,
      String phone,
      String text,
      OffsetDateTime sendAt,
      String session,
      String callbackUrl,
      Long mediaId,
      boolean asDocument) {}

  /** Contacts by phone, then every accepted message in one statement. */
  private void insertMessages() {
    List<ContactRepository.Wanted> wanted = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      if (!open(i)) continue;
      long client = group.get(i).caller().clientId();
      for (MessageDraft d : group.get(i).drafts()) {
        if (d.contactId() == null)
          wanted.add(new ContactRepository.Wanted(client, d.phone(), d.name()));
      }
    }
    Map<ContactRepository.Phone, Long> contacts =
        wanted.isEmpty() ? Map.of() : ContactRepository.resolve(tx, wanted);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      if (!open(i)) continue;
      long client = group.get(i).caller().clientId();
      for (MessageDraft d : group.get(i).drafts()) {
        // PostgreSQL keeps microseconds: the answer shows what a later read will show.
        OffsetDateTime sendAt =
            d.sendAt() == null ? now : d.sendAt().truncatedTo(ChronoUnit.MICROS);
        String session = d.session() != null ? d.session() : clientSessions.get(client);
        rows.add(
            d.contactId() != null
                ? new Row(
                    client,
                    d.contactId(),
                    contactPhones.get(d.contactId()),
                    d.text(),
                    sendAt,
                    session,
                    d.callbackUrl(),
                    d.mediaId(),
                    d.asDocument())
                : new Row(
                    client,
                    contacts.get(new ContactRepository.Phone(client, d.phone())),
                    d.phone(),
                    d.text(),
                    sendAt,
                    session,
                    d.callbackUrl(),
                    d.mediaId(),
                    d.asDocument()));
      }
    }
    if (rows.isEmpty()) return;
    List<Long> ids = insert(rows);
    int next = 0;
    for (int i = 0; i < group.size(); i++) {
      if (!open(i)) continue;
      List<MessageView> created = new ArrayList<>(group.get(i).drafts().size());
      for (int d = 0; d < group.get(i).drafts().size(); d++, next++) {
        Row r = rows.get(next);
        created.add(
            new MessageView(
                ids.get(next),
                PENDING,
                r.phone(),
                r.contact(),
                r.text(),
                null,
                0,
                now,
                r.sendAt(),
                null,
                r.mediaId(),
                r.asDocument(),
                null,
                null,
                null));
      }
      results[i] = Outcome.created(created, group.get(i).batch());
    }
  }

  /**
   * All the rows in one statement, whose text stays the same however many rows there are: the
   * columns travel as arrays, so PostgreSQL plans it once per connection and rendering it costs the
   * same for one row or five hundred. Answers the new ids in the rows' order.
   */
  private List<Long> insert(List<Row> rows) {
    Long[] clients = new Long[rows.size()];
    Long[] contacts = new Long[rows.size()];
    String[] texts = new String[rows.size()];
    OffsetDateTime[] sendAts = new OffsetDateTime[rows.size()];
    String[] sessions = new String[rows.size()];
    String[] callbackUrls = new String[rows.size()];
    Long[] media = new Long[rows.size()];
    Boolean[] asDocuments = new Boolean[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      sessions[i] = rows.get(i).session();
      callbackUrls[i] = rows.get(i).callbackUrl();
      media[i] = rows.get(i).mediaId();
      asDocuments[i] = rows.get(i).asDocument();
      clients[i] = rows.get(i).client();
      contacts[i] = rows.get(i).contact();
      texts[i] = rows.get(i).text();
      sendAts[i] = rows.get(i).sendAt();
    }
    Table<?> r = unnest(ArrayValues.longs(clients)).withOrdinality().as("r", "client", "n");
    Field<Integer> n = r.field("n", Integer.class);
    List<Long> ids =
        new ArrayList<>(
            tx.insertInto(
                    MESSAGE_QUEUE,
                    MESSAGE_QUEUE.CLIENT_ID,
                    MESSAGE_QUEUE.CONTACT_ID,
                    MESSAGE_QUEUE.TEXT,
                    MESSAGE_QUEUE.SEND_AT,
                    MESSAGE_QUEUE.SESSION_NAME,
                    MESSAGE_QUEUE.CALLBACK_URL,
                    MESSAGE_QUEUE.MEDIA_ID,
                    MESSAGE_QUEUE.AS_DOCUMENT)
                .select(
                    select(
                            r.field("client", Long.class),
                            arrayGet(ArrayValues.longs(contacts), n),
                            arrayGet(ArrayValues.strings(texts), n),
                            arrayGet(ArrayValues.timestamps(sendAts), n),
                            arrayGet(ArrayValues.strings(sessions), n),
                            arrayGet(ArrayValues.strings(callbackUrls), n),
                            arrayGet(ArrayValues.longs(media), n),
                            arrayGet(ArrayValues.booleans(asDocuments), n))
                        .from(r))
                .returningResult(MESSAGE_QUEUE.ID)
                .fetch(MESSAGE_QUEUE.ID));
    // Ids come from the sequence in the order the rows are inserted, the arrays' order.
    ids.sort(null);
    return ids;
  }

  /** The keys of the stored requests, each with its answer. */
  private void storeKeys() {
    Map<Idempotency.KeyId, Idempotency.Stored> keys = new HashMap<>();
    for (int i = 0; i < group.size(); i++) {
      Submission s = group.get(i);
      if (s.key() == null || leaderOf[i] >= 0 || !(results[i] instanceof Outcome o)) continue;
      if (o.created().isEmpty()) continue;
      Idempotency.Answer answer = Outcome.render(o.created(), s.batch());
      results[i] = new Outcome(o.created(), s.batch(), answer);
      keys.put(s.keyId(), new Idempotency.Stored(s.fingerprint(), answer));
    }
    if (keys.isEmpty()) return;
    if (!idempotency.store(tx, keys).isEmpty()) throw new KeyTakenMeanwhile();
  }

  /** A later use of a key within the group gets what its first use got. */
  private void answerRepeats() {
    for (int i = 0; i < group.size(); i++) {
      int leader = leaderOf[i];
      if (leader < 0) continue;
      boolean same = group.get(i).fingerprint().equals(group.get(leader).fingerprint());
      Object first = results[leader];
      if (first instanceof Outcome o) {
        results[i] = same ? Outcome.replayed(o.answer().replay()) : reusedKey();
      } else {
        // Refused, so the key was not stored: the same request gets the same refusal.
        results[i] =
            same
                ? first
                : new ConflictException(
                    "The Idempotency-Key was in use by another request a moment ago; retry the"
                        + " request");
      }
    }
  }

  private static UnprocessableException reusedKey() {
    return new UnprocessableException(
        "This Idempotency-Key was already used with a different request;"
            + " use a new key for a new request");
  }
}
