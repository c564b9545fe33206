package com.wagateway.client;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;

import com.wagateway.db.schema.tables.records.ClientRecord;
import com.wagateway.domain.ConflictException;
import com.wagateway.domain.FieldError;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.postgresql.util.PSQLException;

/**
 * Clients and their keys: create, list, rotate, disable, and authenticate a request. The CLI and
 * the admin API both go through here.
 */
public final class ClientService {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern CUSTOM_KEY = Pattern.compile("[\\x21-\\x7e]{6,200}");
  // Compared against when no client matches, so a wrong name costs the same time as a wrong key.
  private static final String NO_CLIENT_HASH = ApiKeys.hash("no client has this key");
  static final int MAX_KEY_LENGTH = 500;

  private final DSLContext db;

  public ClientService(DSLContext db) {
    this.db = db;
  }

  /** Creates a client; {@code apiKey} null means generate one. */
  public NewKey create(String name, String apiKey) {
    return create(name, apiKey, null, null);
  }

  /** Creates a client with its own quotas (null: the service default, 0: no limit). */
  public NewKey create(String name, String apiKey, Integer perMinute, Integer perDay) {
    requireValidName(name);
    requireValidQuotas(perMinute, perDay);
    String key = apiKey == null ? ApiKeys.generate() : requireValidKey(apiKey);
    try {
      ClientRecord row =
          db.insertInto(CLIENT)
              .set(CLIENT.CLIENT_NAME, name)
              .set(CLIENT.API_KEY_HASH, ApiKeys.hash(key))
              .set(CLIENT.API_KEY_PREFIX, ApiKeys.prefix(key))
              .set(CLIENT.API_KEY_SHORT, ApiKeys.isShort(key))
              .set(CLIENT.QUOTA_PER_MINUTE, perMinute)
              .set(CLIENT.QUOTA_PER_DAY, perDay)
              .returning()
              .fetchOne();
      return new NewKey(toClient(row), key);
    } catch (IntegrityConstraintViolationException e) {
      if (violated(e, "client_api_key_hash_key")) {
        throw new ConflictException(
            "That API key is already used by another client; choose another");
      }
      throw new ConflictException("A client named '" + name + "' already exists");
    }
  }

  /** Whether PostgreSQL names this constraint as the one the statement violated. */
  private static boolean violated(IntegrityConstraintViolationException e, String constraint) {
    PSQLException cause = e.getCause(PSQLException.class);
    return cause != null
        && cause.getServerErrorMessage() != null
        && constraint.equals(cause.getServerErrorMessage().getConstraint());
  }

  public List<Client> list() {
    return db.selectFrom(CLIENT).orderBy(CLIENT.ID).fetch(ClientService::toClient);
  }

  /** Names of the active clients whose API key is shorter than {@link ApiKeys#SHORT_BELOW}. */
  public List<String> activeWithShortKeys() {
    return db.select(CLIENT.CLIENT_NAME)
        .from(CLIENT)
        .where(CLIENT.ACTIVE.isTrue())
        .and(CLIENT.API_KEY_SHORT.isTrue())
        .orderBy(CLIENT.CLIENT_NAME)
        .fetch(CLIENT.CLIENT_NAME);
  }

  public NewKey rotateKey(String name) {
    String key = ApiKeys.generate();
    ClientRecord row =
        db.update(CLIENT)
            .set(CLIENT.API_KEY_HASH, ApiKeys.hash(key))
            .set(CLIENT.API_KEY_PREFIX, ApiKeys.prefix(key))
            .set(CLIENT.API_KEY_SHORT, ApiKeys.isShort(key))
            .where(CLIENT.CLIENT_NAME.eq(name))
            .returning()
            .fetchOne();
    if (row == null) throw notFound(name);
    return new NewKey(toClient(row), key);
  }

  public Client setActive(String name, boolean active) {
    ClientRecord row =
        db.update(CLIENT)
            .set(CLIENT.ACTIVE, active)
            .where(CLIENT.CLIENT_NAME.eq(name))
            .returning()
            .fetchOne();
    if (row == null) throw notFound(name);
    return toClient(row);
  }

  /** Deletes a client with its contacts, messages and idempotency keys. */
  public void delete(String name) {
    int deleted = db.deleteFrom(CLIENT).where(CLIENT.CLIENT_NAME.eq(name)).execute();
    if (deleted == 0) throw notFound(name);
  }

  /**
   * What deleting a client takes with it: its contacts, its messages, and how many of those are
   * still waiting to be sent (they never will be).
   */
  public record Holdings(int contacts, int messages, int waiting) {}

  public Holdings holdings(String name) {
    Client client = get(name);
    int contacts =
        db.selectCount()
            .from(CONTACT)
            .where(CONTACT.CLIENT_ID.eq(client.id()))
            .fetchOne(0, int.class);
    var messages =
        db.select(
                DSL.count(), DSL.count().filterWhere(MESSAGE_QUEUE.STATUS.in("pending", "sending")))
            .from(MESSAGE_QUEUE)
            .where(MESSAGE_QUEUE.CLIENT_ID.eq(client.id()))
            .fetchOne();
    return new Holdings(contacts, messages.value1(), messages.value2());
  }

  /** The client named so, with its quotas. */
  public Client get(String name) {
    return find(name).orElseThrow(() -> notFound(name));
  }

  public Optional<Client> find(String name) {
    return db.selectFrom(CLIENT)
        .where(CLIENT.CLIENT_NAME.eq(name))
        .fetchOptional(ClientService::toClient);
  }

  /**
   * Sets a client's own quotas (messages per minute, per day): a value overrides the default, null
   * goes back to it, 0 is no limit. Only the quotas whose {@code change} flag is set change.
   */
  public Client setQuotas(
      String name,
      boolean changePerMinute,
      Integer perMinute,
      boolean changePerDay,
      Integer perDay) {
    requireValidQuotas(perMinute, perDay);
    var update = db.update(CLIENT).set(CLIENT.CLIENT_NAME, CLIENT.CLIENT_NAME);
    if (changePerMinute) update = update.set(CLIENT.QUOTA_PER_MINUTE, perMinute);
    if (changePerDay) update = update.set(CLIENT.QUOTA_PER_DAY, perDay);
    ClientRecord row = update.where(CLIENT.CLIENT_NAME.eq(name)).returning().fetchOne();
    if (row == null) throw notFound(name);
    return toClient(row);
  }

  /**
   * The active client holding this key, and, when the caller names a client (the seed's {@code
   * client_name} field), only if the key is that client's. Empty for every kind of mismatch alike,
   * so the answer does not reveal which clients exist.
   */
  public Optional<Client> authenticate(String apiKey, String claimedName) {
    if (apiKey.isEmpty() || apiKey.length() > MAX_KEY_LENGTH) return Optional.empty();
    Optional<ClientRecord> row =
        db.selectFrom(CLIENT).where(CLIENT.API_KEY_HASH.eq(ApiKeys.hash(apiKey))).fetchOptional();
    boolean keyMatches =
        ApiKeys.matches(apiKey, row.map(ClientRecord::getApiKeyHash).orElse(NO_CLIENT_HASH));
    return row.filter(r -> keyMatches)
        .filter(ClientRecord::getActive)
        .filter(r -> claimedName == null || r.getClientName().equals(claimedName))
        .map(ClientService::toClient);
  }

  private static void requireValidName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "name",
          "Client name must be 1-100 characters: letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit");
    }
  }

  private static String requireValidKey(String key) {
    if (!CUSTOM_KEY.matcher(key).matches()) {
      throw new InvalidInputException(
          "api_key", "An API key must be 6-200 printable ASCII characters without spaces");
    }
    return key;
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException("No client named '" + name + "'");
  }

  private static void requireValidQuotas(Integer perMinute, Integer perDay) {
    List<FieldError> negative = new ArrayList<>();
    if (perMinute != null && perMinute < 0) negative.add(negativeQuota("quota_per_minute"));
    if (perDay != null && perDay < 0) negative.add(negativeQuota("quota_per_day"));
    if (!negative.isEmpty()) throw new InvalidInputException(negative);
  }

  private static FieldError negativeQuota(String field) {
    return new FieldError(field, "must be 0 (no limit) or more");
  }

  static Client toClient(ClientRecord r) {
    return new Client(
        r.getId(),
        r.getClientName(),
        r.getApiKeyPrefix(),
        r.getActive(),
        r.getCreatedAt(),
        r.getQuotaPerMinute(),
        r.getQuotaPerDay(),
        r.getSessionName());
  }
}
