package com.wagateway.operator;

import static com.wagateway.db.schema.Tables.CONSOLE_SESSION;
import static com.wagateway.db.schema.Tables.OPERATOR;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import com.wagateway.client.ApiKeys;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.types.DayToSecond;

/**
 * Signed-in operators of the console. The browser holds a random token; the database holds only its
 * SHA-256, with the sign-in's CSRF token and when it was last used. A sign-in left unused for
 * {@code idle} is over. Any instance sharing the database recognises any sign-in.
 */
public final class SignedInOperators {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DSLContext db;
  private final DayToSecond idle;

  public SignedInOperators(DSLContext db, Duration idle) {
    this.db = db;
    this.idle = DayToSecond.valueOf(idle);
  }

  /** A signed-in operator as the console sees it. */
  public record SignedIn(long operatorId, String operatorName, String csrfToken) {}

  /** A new sign-in's secrets: the cookie's token (shown to the browser only) and its CSRF token. */
  public record Started(String token, SignedIn signedIn) {}

  public Started start(Operator operator) {
    String token = randomToken();
    String csrf = randomToken();
    db.transaction(
        cfg -> {
          // Sweeping here keeps the table small without a scheduler of its own.
          cfg.dsl()
              .deleteFrom(CONSOLE_SESSION)
              .where(CONSOLE_SESSION.LAST_SEEN_AT.lt(currentOffsetDateTime().minus(DSL.val(idle))))
              .execute();
          cfg.dsl()
              .insertInto(CONSOLE_SESSION)
              .set(CONSOLE_SESSION.TOKEN_HASH, ApiKeys.hash(token))
              .set(CONSOLE_SESSION.OPERATOR_ID, operator.id())
              .set(CONSOLE_SESSION.CSRF_TOKEN, csrf)
              .execute();
        });
    return new Started(token, new SignedIn(operator.id(), operator.name(), csrf));
  }

  /**
   * The live session of this token, marked as used now; empty when there is none, it has been idle
   * too long, or its operator was disabled.
   */
  public Optional<SignedIn> resume(String token) {
    if (!plausible(token)) return Optional.empty();
    return db.update(CONSOLE_SESSION)
        .set(CONSOLE_SESSION.LAST_SEEN_AT, currentOffsetDateTime())
        .from(OPERATOR)
        .where(CONSOLE_SESSION.TOKEN_HASH.eq(ApiKeys.hash(token)))
        .and(OPERATOR.ID.eq(CONSOLE_SESSION.OPERATOR_ID))
        .and(OPERATOR.ACTIVE)
        .and(CONSOLE_SESSION.LAST_SEEN_AT.ge(currentOffsetDateTime().minus(DSL.val(idle))))
        .returningResult(CONSOLE_SESSION.OPERATOR_ID, OPERATOR.NAME, CONSOLE_SESSION.CSRF_TOKEN)
        .fetchOptional(r -> new SignedIn(r.value1(), r.value2(), r.value3()));
  }

  /**
   * The live session of this token without marking it used: for a page's own polling, which must
   * not keep a forgotten tab signed in for ever.
   */
  public Optional<SignedIn> peek(String token) {
    if (!plausible(token)) return Optional.empty();
    return db.select(CONSOLE_SESSION.OPERATOR_ID, OPERATOR.NAME, CONSOLE_SESSION.CSRF_TOKEN)
        .from(CONSOLE_SESSION)
        .join(OPERATOR)
        .on(OPERATOR.ID.eq(CONSOLE_SESSION.OPERATOR_ID))
        .where(CONSOLE_SESSION.TOKEN_HASH.eq(ApiKeys.hash(token)))
        .and(OPERATOR.ACTIVE)
        .and(CONSOLE_SESSION.LAST_SEEN_AT.ge(currentOffsetDateTime().minus(DSL.val(idle))))
        .fetchOptional(r -> new SignedIn(r.value1(), r.value2(), r.value3()));
  }

  private static boolean plausible(String token) {
    return token != null && !token.isEmpty() && token.length() <= 100;
  }

  public void end(String token) {
    if (token == null || token.length() > 100) return;
    db.deleteFrom(CONSOLE_SESSION)
        .where(CONSOLE_SESSION.TOKEN_HASH.eq(ApiKeys.hash(token)))
        .execute();
  }

  /** 256 random bits, base64url. */
  public static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
