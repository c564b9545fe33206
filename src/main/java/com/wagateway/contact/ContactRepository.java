package com.wagateway.contact;

import static com.wagateway.db.schema.Tables.CONTACT;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import com.wagateway.db.ArrayValues;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jooq.impl.DSL;

/** Contacts as new messages need them: found by phone or id, created or renamed on the way. */
public final class ContactRepository {

  private ContactRepository() {}

  /** A client's phone number in E.164. */
  public record Phone(long clientId, String phone) {}

  /** A contact a message names by phone; {@code name} null keeps an existing contact's name. */
  public record Wanted(long clientId, String phone, String name) {}

  /** A contact named by id: whose it is and its phone. */
  public record Owned(long clientId, String phone) {}

  /**
   * The contact of each wanted phone: found, created (named after its phone when no name is given)
   * or renamed when a name is given that differs, with the names of later entries winning, as if
   * their requests had run one after another. A contact that exists with that name is not written.
   * Concurrent creators of one contact meet on the unique key instead of racing a read-then-insert.
   */
  public static Map<Phone, Long> resolve(DSLContext tx, List<Wanted> wanted) {
    Map<Phone, String> names = new LinkedHashMap<>();
    for (Wanted w : wanted) {
      Phone p = new Phone(w.clientId(), w.phone());
      if (w.name() != null) names.put(p, w.name());
      else names.putIfAbsent(p, null);
    }
    Map<Phone, Long> ids = new HashMap<>();
    Map<Long, String> currentNames = new HashMap<>();
    find(tx, names.keySet(), ids, currentNames);
    List<Phone> missing = new ArrayList<>();
    for (Phone p : names.keySet()) if (!ids.containsKey(p)) missing.add(p);
    if (!missing.isEmpty()) {
      // Sorted, so two transactions creating the same contacts wait in one order.
      missing.sort(Comparator.comparingLong(Phone::clientId).thenComparing(Phone::phone));
      var insert = tx.insertInto(CONTACT, CONTACT.CLIENT_ID, CONTACT.PHONE, CONTACT.NAME);
      for (Phone p : missing) {
        String name = names.get(p);
        insert = insert.values(p.clientId(), p.phone(), name == null ? p.phone() : name);
      }
      insert
          .onConflictDoNothing()
          .returningResult(CONTACT.ID, CONTACT.CLIENT_ID, CONTACT.PHONE, CONTACT.NAME)
          .fetch()
          .forEach(r -> put(r, ids, currentNames));
      // Created by another transaction since our read: now committed, so visible.
      List<Phone> raced = missing.stream().filter(p -> !ids.containsKey(p)).toList();
      if (!raced.isEmpty()) find(tx, raced, ids, currentNames);
    }
    rename(tx, names, ids, currentNames);
    return ids;
  }

  /** Whose each of these contacts is, with its phone; ids that do not exist are left out. */
  public static Map<Long, Owned> byIds(DSLContext tx, Collection<Long> contactIds) {
    Map<Long, Owned> owned = new HashMap<>();
    tx.select(CONTACT.ID, CONTACT.CLIENT_ID, CONTACT.PHONE)
        .from(CONTACT)
        .where(CONTACT.ID.eq(any(ArrayValues.longs(contactIds))))
        .fetch()
        .forEach(r -> owned.put(r.value1(), new Owned(r.value2(), r.value3())));
    return owned;
  }

  private static void find(
      DSLContext tx, Collection<Phone> phones, Map<Phone, Long> ids, Map<Long, String> names) {
    Map<Long, List<String>> byClient = new LinkedHashMap<>();
    for (Phone p : phones)
      byClient.computeIfAbsent(p.clientId(), c -> new ArrayList<>()).add(p.phone());
    List<Condition> anyOf = new ArrayList<>();
    byClient.forEach(
        (clientId, numbers) ->
            anyOf.add(
                CONTACT
                    .CLIENT_ID
                    .eq(clientId)
                    .and(CONTACT.PHONE.eq(any(ArrayValues.strings(numbers))))));
    tx.select(CONTACT.ID, CONTACT.CLIENT_ID, CONTACT.PHONE, CONTACT.NAME)
        .from(CONTACT)
        .where(DSL.or(anyOf))
        .fetch()
        .forEach(r -> put(r, ids, names));
  }

  private static void put(
      Record4<Long, Long, String, String> r, Map<Phone, Long> ids, Map<Long, String> names) {
    ids.put(new Phone(r.value2(), r.value3()), r.value1());
    names.put(r.value1(), r.value4());
  }

  private static void rename(
      DSLContext tx, Map<Phone, String> wanted, Map<Phone, Long> ids, Map<Long, String> current) {
    // By id, so two transactions renaming the same contacts lock them in one order.
    Map<Long, String> renames = new TreeMap<>();
    wanted.forEach(
        (phone, name) -> {
          long id = ids.get(phone);
          if (name != null && !name.equals(current.get(id))) renames.put(id, name);
        });
    if (renames.isEmpty()) return;
    BatchBindStep batch =
        tx.batch(
            tx.update(CONTACT)
                .set(CONTACT.NAME, (String) null)
                .set(CONTACT.UPDATED_AT, currentOffsetDateTime())
                .where(CONTACT.ID.eq((Long) null)));
    renames.forEach((id, name) -> batch.bind(name, id));
    batch.execute();
  }
}
