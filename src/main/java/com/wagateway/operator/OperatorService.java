package com.wagateway.operator;

import static com.wagateway.db.schema.Tables.CONSOLE_SESSION;
import static com.wagateway.db.schema.Tables.OPERATOR;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import com.wagateway.db.schema.tables.records.OperatorRecord;
import com.wagateway.domain.ConflictException;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.NotFoundException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.jooq.types.DayToSecond;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator accounts, as Django's {@code createsuperuser} made them: created, listed, disabled and
 * re-passworded from the CLI, signed in from the console. Wrong passwords are throttled per
 * account, in the database, so every instance counts the same failures.
 */
public final class OperatorService {
  private static final Logger log = LoggerFactory.getLogger(OperatorService.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
  public static final int MIN_PASSWORD = 12;
  public static final int MAX_PASSWORD = 1000;

  /** Wrong passwords in a row before sign-ins of that account must wait. */
  public static final int FREE_FAILURES = 5;

  static final Duration FIRST_WAIT = Duration.ofSeconds(30);
  static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

  // Checked when no operator has the name, so a wrong name costs the same time as a wrong password.
  private static final String NOBODY = Passwords.hash("nobody has this password");

  private final DSLContext db;

  public OperatorService(DSLContext db) {
    this.db = db;
  }

  public Operator create(String name, String password) {
    requireValidName(name);
    requireValidPassword(password);
    try {
      return toOperator(
          db.insertInto(OPERATOR)
              .set(OPERATOR.NAME, name)
              .set(OPERATOR.PASSWORD_HASH, Passwords.hash(password))
              .returning()
              .fetchOne());
    } catch (IntegrityConstraintViolationException e) {
      throw new ConflictException("An operator named '" + name + "' already exists");
    }
  }

  public List<Operator> list() {
    return db.selectFrom(OPERATOR).orderBy(OPERATOR.ID).fetch(OperatorService::toOperator);
  }

  public Optional<Operator> find(String name) {
    return db.selectFrom(OPERATOR)
        .where(OPERATOR.NAME.eq(name))
        .fetchOptional(OperatorService::toOperator);
  }

  /** Refuses every sign-in of the operator from now on and ends the sessions open now. */
  public Operator setActive(String name, boolean active) {
    return db.transactionResult(
        cfg -> {
          OperatorRecord row =
              cfg.dsl()
                  .update(OPERATOR)
                  .set(OPERATOR.ACTIVE, active)
                  .where(OPERATOR.NAME.eq(name))
                  .returning()
                  .fetchOne();
          if (row == null) throw notFound(name);
          if (!active) endSessions(cfg.dsl(), row.getId());
          return toOperator(row);
        });
  }

  /**
   * Replaces the password, lifts any throttling and ends the sessions open now: whoever knew the
   * old password is signed out.
   */
  public Operator setPassword(String name, String password) {
    requireValidPassword(password);
    String hash = Passwords.hash(password);
    return db.transactionResult(
        cfg -> {
          OperatorRecord row =
              cfg.dsl()
                  .update(OPERATOR)
                  .set(OPERATOR.PASSWORD_HASH, hash)
                  .set(OPERATOR.FAILED_SIGN_INS, 0)
                  .setNull(OPERATOR.THROTTLED_UNTIL)
                  .where(OPERATOR.NAME.eq(name))
                  .returning()
                  .fetchOne();
          if (row == null) throw notFound(name);
          endSessions(cfg.dsl(), row.getId());
          return toOperator(row);
        });
  }

  /**
   * Checks a name and password. {@code from} only goes into the log. After {@value #FREE_FAILURES}
   * wrong passwords in a row an account waits {@code FIRST_WAIT}, doubling with each further
   * failure up to {@code LONGEST_WAIT}; while it waits no password is checked at all.
   */
  public SignIn signIn(String name, String password, String from) {
    if (name == null
        || password == null
        || !NAME.matcher(name).matches()
        || password.length() > MAX_PASSWORD) {
      Passwords.matches("", NOBODY);
      log.warn("Console sign-in refused from {}: not a valid operator name", from);
      return new SignIn.Refused();
    }
    Field<OffsetDateTime> now = currentOffsetDateTime().as("now");
    var found =
        db.select(OPERATOR.asterisk(), now)
            .from(OPERATOR)
            .where(OPERATOR.NAME.eq(name))
            .fetchOptional()
            .orElse(null);
    if (found == null) {
      Passwords.matches(password, NOBODY);
      log.warn("Console sign-in refused from {}: no operator named '{}'", from, name);
      return new SignIn.Refused();
    }
    OperatorRecord row = found.into(OPERATOR);
    OffsetDateTime dbNow = found.get(now);
    if (row.getThrottledUntil() != null && row.getThrottledUntil().isAfter(dbNow)) {
      long wait = Math.max(1, Duration.between(dbNow, row.getThrottledUntil()).toSeconds() + 1);
      log.warn(
          "Console sign-in of '{}' from {} refused unchecked: {} wrong passwords in a row,"
              + " throttled for {} s more",
          name,
          from,
          row.getFailedSignIns(),
          wait);
      return new SignIn.Throttled(wait);
    }
    if (!Passwords.matches(password, row.getPasswordHash())) return failed(row, from);
    if (!row.getActive()) {
      log.warn("Console sign-in of '{}' from {} refused: the operator is disabled", name, from);
      return new SignIn.Refused();
    }
    OperatorRecord signedIn =
        db.update(OPERATOR)
            .set(OPERATOR.FAILED_SIGN_INS, 0)
            .setNull(OPERATOR.THROTTLED_UNTIL)
            .set(OPERATOR.LAST_SIGN_IN_AT, currentOffsetDateTime())
            .where(OPERATOR.ID.eq(row.getId()))
            .returning()
            .fetchOne();
    log.info("Operator '{}' signed in to the console from {}", name, from);
    return new SignIn.Accepted(toOperator(signedIn));
  }

  private SignIn failed(OperatorRecord row, String from) {
    // Counted in one statement, so concurrent guesses each count.
    Integer failures =
        db.update(OPERATOR)
            .set(OPERATOR.FAILED_SIGN_INS, OPERATOR.FAILED_SIGN_INS.plus(1))
            .where(OPERATOR.ID.eq(row.getId()))
            .returningResult(OPERATOR.FAILED_SIGN_INS)
            .fetchOne(OPERATOR.FAILED_SIGN_INS);
    if (failures == null) return new SignIn.Refused();
    if (failures < FREE_FAILURES) {
      log.warn(
          "Console sign-in of '{}' from {} refused: wrong password ({} in a row; {} more before"
              + " sign-ins wait)",
          row.getName(),
          from,
          failures,
          FREE_FAILURES - failures);
      return new SignIn.Refused();
    }
    Duration wait = waitAfter(failures);
    db.update(OPERATOR)
        .set(
            OPERATOR.THROTTLED_UNTIL,
            currentOffsetDateTime().plus(DSL.val(DayToSecond.valueOf(wait))))
        .where(OPERATOR.ID.eq(row.getId()))
        .execute();
    log.warn(
        "Console sign-in of '{}' from {} refused: wrong password ({} in a row); its sign-ins now"
            + " wait {} s. If this is not the operator mistyping, someone is guessing: check"
            + " where {} is",
        row.getName(),
        from,
        failures,
        wait.toSeconds(),
        from);
    return new SignIn.Throttled(wait.toSeconds());
  }

  /** The wait after {@code failures} wrong passwords in a row (at least {@link #FREE_FAILURES}). */
  static Duration waitAfter(int failures) {
    int doublings = Math.min(failures - FREE_FAILURES, 20);
    Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
    return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
  }

  private static void endSessions(DSLContext tx, long operatorId) {
    tx.deleteFrom(CONSOLE_SESSION).where(CONSOLE_SESSION.OPERATOR_ID.eq(operatorId)).execute();
  }

  private static void requireValidName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "name",
          "An operator name must be 1-100 characters: letters, digits, '.', '_', '@' or '-',"
              + " starting with a letter or digit");
    }
  }

  private static void requireValidPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD) {
      throw new InvalidInputException(
          "password", "must be at least " + MIN_PASSWORD + " characters long");
    }
    if (password.length() > MAX_PASSWORD) {
      throw new InvalidInputException(
          "password", "must be at most " + MAX_PASSWORD + " characters long");
    }
    if (password.isBlank()) {
      throw new InvalidInputException("password", "must not be only spaces");
    }
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException("No operator named '" + name + "'");
  }

  static Operator toOperator(OperatorRecord r) {
    return new Operator(
        r.getId(), r.getName(), r.getActive(), r.getCreatedAt(), r.getLastSignInAt());
  }
}
