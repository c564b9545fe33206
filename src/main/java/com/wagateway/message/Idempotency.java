package com.wagateway.message;

import static com.wagateway.db.schema.Tables.IDEMPOTENCY_KEY;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import com.wagateway.client.Client;
import com.wagateway.db.schema.tables.records.IdempotencyKeyRecord;
import com.wagateway.domain.ConflictException;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.UnprocessableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.types.DayToSecond;

/**
 * {@code Idempotency-Key} on the POSTs that create messages, after Stripe's: the same key and
 * request again answer what the first one answered and create nothing; the same key with another
 * request is 422. Keys are per client.
 *
 * <p>The key's row is inserted first, in the same transaction as the work, and the answer is stored
 * in it before commit. A concurrent request with the same key blocks on the primary key until the
 * first transaction ends: if it committed, the second finds the stored answer; if it rolled back (a
 * validation or quota refusal), the second does the work itself. Failures are therefore never
 * stored, and a refused request can be retried with the same key.
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
  public record Answer(int status, String body, String location, boolean replayed) {}

  /** The key as sent, checked: 400 naming the header for a malformed one. */
  public static String requireValid(String key) {
    if (!VALID_KEY.matcher(key).matches()) {
      throw new InvalidInputException(
          HEADER, "must be 1-255 printable ASCII characters without spaces (a UUID, say)");
    }
    return key;
  }

  /**
   * Runs {@code work} in a transaction, once per key: {@code key} null means no idempotency. {@code
   * fingerprint} identifies the request (route and body).
   */
  public Answer once(
      Client client, String key, String fingerprint, Function<DSLContext, Answer> work) {
    return db.transactionResult(
        cfg -> {
          DSLContext tx = cfg.dsl();
          if (key == null) return work.apply(tx);
          String hash = sha256(fingerprint);
          int inserted =
              tx.insertInto(IDEMPOTENCY_KEY)
                  .set(IDEMPOTENCY_KEY.CLIENT_ID, client.id())
                  .set(IDEMPOTENCY_KEY.IDEM_KEY, key)
                  .set(IDEMPOTENCY_KEY.REQUEST_HASH, hash)
                  .onConflictDoNothing()
                  .execute();
          if (inserted == 0) return replay(tx, client, key, hash);
          Answer answer = work.apply(tx);
          tx.update(IDEMPOTENCY_KEY)
              .set(IDEMPOTENCY_KEY.RESPONSE_STATUS, answer.status())
              .set(IDEMPOTENCY_KEY.RESPONSE_BODY, answer.body())
              .set(IDEMPOTENCY_KEY.RESPONSE_LOCATION, answer.location())
              .where(IDEMPOTENCY_KEY.CLIENT_ID.eq(client.id()))
              .and(IDEMPOTENCY_KEY.IDEM_KEY.eq(key))
              .execute();
          return answer;
        });
  }

  private static Answer replay(DSLContext tx, Client client, String key, String hash) {
    IdempotencyKeyRecord row =
        tx.selectFrom(IDEMPOTENCY_KEY)
            .where(IDEMPOTENCY_KEY.CLIENT_ID.eq(client.id()))
            .and(IDEMPOTENCY_KEY.IDEM_KEY.eq(key))
            .fetchOne();
    if (row == null || row.getResponseStatus() == null) {
      // Purged between our insert and this read: rare enough to ask for a retry.
      throw new ConflictException("The Idempotency-Key was in use a moment ago; retry the request");
    }
    if (!row.getRequestHash().equals(hash)) {
      throw new UnprocessableException(
          "This Idempotency-Key was already used with a different request;"
              + " use a new key for a new request");
    }
    return new Answer(
        row.getResponseStatus(), row.getResponseBody(), row.getResponseLocation(), true);
  }

  /** Deletes keys older than {@link #RETENTION}; returns how many. */
  public int purgeExpired() {
    return db.deleteFrom(IDEMPOTENCY_KEY)
        .where(
            IDEMPOTENCY_KEY.CREATED_AT.lt(
                currentOffsetDateTime().minus(DayToSecond.valueOf(RETENTION))))
        .execute();
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
