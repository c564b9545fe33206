package com.wagateway.message;

import static com.wagateway.db.schema.Tables.IDEMPOTENCY_KEY;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.wagateway.db.ArrayValues;
import com.wagateway.db.schema.tables.records.IdempotencyKeyRecord;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.types.DayToSecond;

/**
 * {@code Idempotency-Key} on the POSTs that create messages, after Stripe's: the same key and
 * request again answer what the first one answered and create nothing; the same key with another
 * request is 422. Keys are per client.
 *
 * <p>A key's row is written once, with its answer, in the transaction that stores the request's
 * messages; refusals store nothing, so a refused request can be retried with the same key. Two
 * transactions storing one key meet on the primary key: the second waits for the first, finds the
 * key taken, and the request is answered from the stored row instead (see {@link
 * GroupCommitWriter}).
 */
public final class Idempotency {
  public static final String HEADER = "Idempotency-Key";

  /** Kept at least 24 h as promised; purged after this. */
  public static final Duration RETENTION = Duration.ofHours(48);

  private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final DSLContext db;

  public Idempotency(DSLContext db) {
    this.db = db;
  }

  /** An answer to store and replay: status, JSON body and Location. */
  public record Answer(int status, String body, String location, boolean replayed) {
    Answer replay() {
      return new Answer(status, body, location, true);
    }
  }

  /** One client's key. */
  record KeyId(long clientId, String key) {}

  /** A stored key: the hash of the request that used it, and the answer it got. */
  record Stored(String requestHash, Answer answer) {}

  /** The key as sent, checked: 400 naming the header for a malformed one. */
  public static String requireValid(String key) {
    if (!VALID_KEY.matcher(key).matches()) {
      throw new InvalidInputException(
          HEADER, "must be 1-255 printable ASCII characters without spaces (a UUID, say)");
    }
    return key;
  }

  /**
   * Identifies a request for its key: SHA-256 of the route and the body as parsed, with object keys
   * sorted, so a reformatted or reordered but equal body is the same request.
   */
  static String fingerprint(String route, JsonObject body) {
    JsonObject copy = body.deepCopy();
    // The seed's credentials in the body say who sends, not what is sent.
    copy.remove("api_key");
    copy.remove("client_name");
    return sha256(route + "\n" + Json.GSON.toJson(canonical(copy)));
  }

  /** The keys among {@code keys} that earlier transactions stored, with their answers. */
  Map<KeyId, Stored> find(DSLContext tx, Collection<KeyId> keys) {
    Map<Long, List<String>> byClient = new HashMap<>();
    for (KeyId k : keys)
      byClient.computeIfAbsent(k.clientId(), c -> new ArrayList<>()).add(k.key());
    List<Condition> anyOf = new ArrayList<>();
    byClient.forEach(
        (clientId, names) ->
            anyOf.add(
                IDEMPOTENCY_KEY
                    .CLIENT_ID
                    .eq(clientId)
                    .and(IDEMPOTENCY_KEY.IDEM_KEY.eq(any(ArrayValues.strings(names))))));
    Map<KeyId, Stored> stored = new HashMap<>();
    for (IdempotencyKeyRecord r : tx.selectFrom(IDEMPOTENCY_KEY).where(DSL.or(anyOf)).fetch()) {
      stored.put(
          new KeyId(r.getClientId(), r.getIdemKey()),
          new Stored(
              r.getRequestHash(),
              new Answer(
                  r.getResponseStatus(), r.getResponseBody(), r.getResponseLocation(), true)));
    }
    return stored;
  }

  /**
   * Stores each key with its request's hash and answer, and returns the keys that another
   * transaction stored first (this one waited for it to commit): their requests must not be stored.
   */
  Set<KeyId> store(DSLContext tx, Map<KeyId, Stored> keys) {
    Map<KeyId, Stored> ordered = new TreeMap<>(ORDER);
    ordered.putAll(keys);
    var insert =
        tx.insertInto(
            IDEMPOTENCY_KEY,
            IDEMPOTENCY_KEY.CLIENT_ID,
            IDEMPOTENCY_KEY.IDEM_KEY,
            IDEMPOTENCY_KEY.REQUEST_HASH,
            IDEMPOTENCY_KEY.RESPONSE_STATUS,
            IDEMPOTENCY_KEY.RESPONSE_BODY,
            IDEMPOTENCY_KEY.RESPONSE_LOCATION);
    // Sorted, so two transactions wait for each other's keys in one order and cannot deadlock.
    for (Map.Entry<KeyId, Stored> e : ordered.entrySet()) {
      Answer a = e.getValue().answer();
      insert =
          insert.values(
              e.getKey().clientId(),
              e.getKey().key(),
              e.getValue().requestHash(),
              a.status(),
              a.body(),
              a.location());
    }
    Set<KeyId> taken = new HashSet<>(ordered.keySet());
    insert
        .onConflictDoNothing()
        .returningResult(IDEMPOTENCY_KEY.CLIENT_ID, IDEMPOTENCY_KEY.IDEM_KEY)
        .fetch()
        .forEach(r -> taken.remove(new KeyId(r.value1(), r.value2())));
    return taken;
  }

  private static final Comparator<KeyId> ORDER =
      Comparator.comparingLong(KeyId::clientId).thenComparing(KeyId::key);

  /** Deletes keys older than {@link #RETENTION}; returns how many. */
  public int purgeExpired() {
    return db.deleteFrom(IDEMPOTENCY_KEY)
        .where(
            IDEMPOTENCY_KEY.CREATED_AT.lt(
                currentOffsetDateTime().minus(DayToSecond.valueOf(RETENTION))))
        .execute();
  }

  private static Object canonical(JsonElement element) {
    if (element.isJsonObject()) {
      Map<String, Object> sorted = new TreeMap<>();
      element
          .getAsJsonObject()
          .entrySet()
          .forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
      return sorted;
    }
    if (element.isJsonArray()) {
      return element.getAsJsonArray().asList().stream().map(Idempotency::canonical).toList();
    }
    return element;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
