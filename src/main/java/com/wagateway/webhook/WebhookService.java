package com.wagateway.webhook;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.WEBHOOK_ATTEMPT;
import static com.wagateway.db.schema.Tables.WEBHOOK_CALLBACK_SECRET;
import static com.wagateway.db.schema.Tables.WEBHOOK_DELIVERY;
import static com.wagateway.db.schema.Tables.WEBHOOK_ENDPOINT;
import static com.wagateway.db.schema.Tables.WEBHOOK_EVENT;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.val;

import com.wagateway.db.schema.tables.records.WebhookEndpointRecord;
import com.wagateway.domain.FieldError;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.NotFoundException;
import com.wagateway.domain.Page;
import com.wagateway.net.OutboundUrls;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.types.DayToSecond;

/**
 * Webhooks as the operator manages them: a client's endpoints (add, change, remove, rotate the
 * secret), its callback secret, and each endpoint's deliveries (list, redeliver the dead ones). The
 * admin API, the CLI and the console all go through here.
 */
public final class WebhookService {
  public static final List<String> STATES =
      List.of(
          DeliveryStore.PENDING,
          DeliveryStore.DELIVERING,
          DeliveryStore.DELIVERED,
          DeliveryStore.DEAD);

  private final DSLContext db;
  private final Duration rotationOverlap;
  private final Duration maxAge;

  public WebhookService(DSLContext db, Duration rotationOverlap, Duration maxAge) {
    this.db = db;
    this.rotationOverlap = rotationOverlap;
    this.maxAge = maxAge;
  }

  /** A new endpoint for the client, with a new secret (shown this once). */
  public Endpoint.NewSecret create(String clientName, String url, List<String> events) {
    long clientId = clientId(clientName);
    OutboundUrls.require("url", url);
    String secret = WebhookSigner.newSecret();
    WebhookEndpointRecord row =
        db.insertInto(WEBHOOK_ENDPOINT)
            .set(WEBHOOK_ENDPOINT.CLIENT_ID, clientId)
            .set(WEBHOOK_ENDPOINT.URL, url)
            .set(WEBHOOK_ENDPOINT.EVENTS, requireEvents(events).toArray(String[]::new))
            .set(WEBHOOK_ENDPOINT.SECRET, secret)
            .returning()
            .fetchOne();
    return new Endpoint.NewSecret(toEndpoint(row, clientName), secret);
  }

  public List<Endpoint> list(String clientName) {
    long clientId = clientId(clientName);
    return db.selectFrom(WEBHOOK_ENDPOINT)
        .where(WEBHOOK_ENDPOINT.CLIENT_ID.eq(clientId))
        .orderBy(WEBHOOK_ENDPOINT.ID)
        .fetch(r -> toEndpoint(r, clientName));
  }

  public Endpoint get(String clientName, long id) {
    return toEndpoint(row(clientName, id), clientName);
  }

  /**
   * Changes what is given (null: unchanged). Enabling an endpoint forgets its failures, so it has a
   * whole day again before it is disabled.
   */
  public Endpoint update(
      String clientName, long id, String url, List<String> events, Boolean enabled) {
    WebhookEndpointRecord row = row(clientName, id);
    if (url != null) row.setUrl(OutboundUrls.require("url", url));
    if (events != null) row.setEvents(requireEvents(events).toArray(String[]::new));
    if (enabled != null && !enabled.equals(row.getEnabled())) {
      row.setEnabled(enabled);
      row.setDisabledReason(enabled ? null : "Disabled by an operator");
      row.setFailingSince(null);
    }
    row.store();
    return toEndpoint(row, clientName);
  }

  /** Removes the endpoint with its deliveries (undelivered events to it are dropped). */
  public void delete(String clientName, long id) {
    int deleted =
        db.deleteFrom(WEBHOOK_ENDPOINT)
            .where(WEBHOOK_ENDPOINT.ID.eq(id))
            .and(WEBHOOK_ENDPOINT.CLIENT_ID.eq(clientId(clientName)))
            .execute();
    if (deleted == 0) throw notFound(clientName, id);
  }

  /** A new secret; the old one keeps signing too until the overlap ends. */
  public Endpoint.NewSecret rotateSecret(String clientName, long id) {
    long clientId = clientId(clientName);
    String secret = WebhookSigner.newSecret();
    WebhookEndpointRecord row =
        db.update(WEBHOOK_ENDPOINT)
            .set(WEBHOOK_ENDPOINT.PREVIOUS_SECRET, WEBHOOK_ENDPOINT.SECRET)
            .set(WEBHOOK_ENDPOINT.PREVIOUS_SECRET_UNTIL, overlapEnd())
            .set(WEBHOOK_ENDPOINT.SECRET, secret)
            .where(WEBHOOK_ENDPOINT.ID.eq(id))
            .and(WEBHOOK_ENDPOINT.CLIENT_ID.eq(clientId))
            .returning()
            .fetchOne();
    if (row == null) throw notFound(clientName, id);
    return new Endpoint.NewSecret(toEndpoint(row, clientName), secret);
  }

  /** The secret that signs deliveries to the client's messages' own callback_url. */
  public record CallbackSecret(String secret, OffsetDateTime previous_secret_until) {}

  /**
   * Makes the client's callback secret, or rotates it (the old one keeps signing during the
   * overlap); answers the new one, shown this once.
   */
  public CallbackSecret rotateCallbackSecret(String clientName) {
    long clientId = clientId(clientName);
    String secret = WebhookSigner.newSecret();
    return db.transactionResult(
        c -> {
          var row =
              c.dsl()
                  .update(WEBHOOK_CALLBACK_SECRET)
                  .set(WEBHOOK_CALLBACK_SECRET.PREVIOUS_SECRET, WEBHOOK_CALLBACK_SECRET.SECRET)
                  .set(WEBHOOK_CALLBACK_SECRET.PREVIOUS_SECRET_UNTIL, overlapEnd())
                  .set(WEBHOOK_CALLBACK_SECRET.SECRET, secret)
                  .where(WEBHOOK_CALLBACK_SECRET.CLIENT_ID.eq(clientId))
                  .returning()
                  .fetchOne();
          if (row != null) return new CallbackSecret(secret, row.getPreviousSecretUntil());
          c.dsl()
              .insertInto(WEBHOOK_CALLBACK_SECRET)
              .set(WEBHOOK_CALLBACK_SECRET.CLIENT_ID, clientId)
              .set(WEBHOOK_CALLBACK_SECRET.SECRET, secret)
              .execute();
          return new CallbackSecret(secret, null);
        });
  }

  /** The endpoint's deliveries, newest first, of one state or all, each with its attempts. */
  public Page<Delivery> deliveries(
      String clientName, long endpointId, String state, int limit, Long before) {
    row(clientName, endpointId);
    return deliveries(
        WEBHOOK_DELIVERY
            .ENDPOINT_ID
            .eq(endpointId)
            .and(state == null ? noCondition() : WEBHOOK_DELIVERY.STATE.eq(state))
            .and(before == null ? noCondition() : WEBHOOK_DELIVERY.ID.lt(before)),
        limit);
  }

  private Page<Delivery> deliveries(Condition where, int limit) {
    var rows =
        db.select(WEBHOOK_DELIVERY.asterisk(), WEBHOOK_EVENT.TYPE)
            .from(WEBHOOK_DELIVERY)
            .join(WEBHOOK_EVENT)
            .on(WEBHOOK_EVENT.ID.eq(WEBHOOK_DELIVERY.EVENT_ID))
            .where(where)
            .orderBy(WEBHOOK_DELIVERY.ID.desc())
            .limit(limit + 1)
            .fetch();
    Map<Long, List<Delivery.Attempt>> attempts =
        rows.isEmpty()
            ? Map.of()
            : db
                .selectFrom(WEBHOOK_ATTEMPT)
                .where(
                    WEBHOOK_ATTEMPT.DELIVERY_ID.in(
                        rows.stream().map(r -> r.get(WEBHOOK_DELIVERY.ID)).toList()))
                .orderBy(WEBHOOK_ATTEMPT.ID)
                .fetch()
                .stream()
                .collect(
                    Collectors.groupingBy(
                        a -> a.getDeliveryId(),
                        LinkedHashMap::new,
                        Collectors.mapping(
                            a ->
                                new Delivery.Attempt(
                                    a.getAttemptedAt(),
                                    a.getStatusCode(),
                                    a.getError(),
                                    a.getDurationMs()),
                            Collectors.toList())));
    List<Delivery> list = new ArrayList<>();
    for (var r : rows) {
      long id = r.get(WEBHOOK_DELIVERY.ID);
      list.add(
          new Delivery(
              id,
              r.get(WEBHOOK_DELIVERY.EVENT_ID),
              r.get(WEBHOOK_EVENT.TYPE),
              r.get(WEBHOOK_DELIVERY.MESSAGE_ID),
              r.get(WEBHOOK_DELIVERY.STATE),
              r.get(WEBHOOK_DELIVERY.ATTEMPTS),
              r.get(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT),
              r.get(WEBHOOK_DELIVERY.GIVE_UP_AT),
              r.get(WEBHOOK_DELIVERY.LAST_STATUS),
              r.get(WEBHOOK_DELIVERY.LAST_ERROR),
              r.get(WEBHOOK_DELIVERY.DELIVERED_AT),
              r.get(WEBHOOK_DELIVERY.CREATED_AT),
              attempts.getOrDefault(id, List.of())));
    }
    return Page.of(list, limit, Delivery::id);
  }

  /**
   * Makes dead deliveries of the endpoint due again, with a fresh {@code WA_WEBHOOK_MAX_AGE} to
   * succeed in: one ({@code deliveryId}) or all of them (null). Answers how many.
   */
  public int redeliver(String clientName, long endpointId, Long deliveryId) {
    row(clientName, endpointId);
    int n =
        db.update(WEBHOOK_DELIVERY)
            .set(WEBHOOK_DELIVERY.STATE, DeliveryStore.PENDING)
            .set(WEBHOOK_DELIVERY.ATTEMPTS, 0)
            .set(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, currentOffsetDateTime())
            .set(WEBHOOK_DELIVERY.GIVE_UP_AT, Outbox.giveUpAt(maxAge))
            .where(WEBHOOK_DELIVERY.ENDPOINT_ID.eq(endpointId))
            .and(WEBHOOK_DELIVERY.STATE.eq(DeliveryStore.DEAD))
            .and(deliveryId == null ? noCondition() : WEBHOOK_DELIVERY.ID.eq(deliveryId))
            .execute();
    if (n == 0 && deliveryId != null) {
      throw new NotFoundException(
          "No dead delivery "
              + deliveryId
              + " of webhook "
              + endpointId
              + "; only dead ones can"
              + " be redelivered");
    }
    return n;
  }

  /** The events of a message (of this client), oldest first, each with its deliveries. */
  public List<MessageEvent> messageEvents(long clientId, long messageId) {
    var rows =
        db.select(
                WEBHOOK_EVENT.ID,
                WEBHOOK_EVENT.TYPE,
                WEBHOOK_EVENT.CREATED_AT,
                WEBHOOK_DELIVERY.ENDPOINT_ID,
                WEBHOOK_DELIVERY.URL,
                WEBHOOK_ENDPOINT.URL.as("endpoint_url"),
                WEBHOOK_DELIVERY.STATE,
                WEBHOOK_DELIVERY.ATTEMPTS,
                WEBHOOK_DELIVERY.DELIVERED_AT)
            .from(WEBHOOK_EVENT)
            .join(WEBHOOK_DELIVERY)
            .on(WEBHOOK_DELIVERY.EVENT_ID.eq(WEBHOOK_EVENT.ID))
            .leftJoin(WEBHOOK_ENDPOINT)
            .on(WEBHOOK_ENDPOINT.ID.eq(WEBHOOK_DELIVERY.ENDPOINT_ID))
            .where(WEBHOOK_EVENT.MESSAGE_ID.eq(messageId))
            .and(WEBHOOK_EVENT.CLIENT_ID.eq(clientId))
            .orderBy(WEBHOOK_EVENT.CREATED_AT, WEBHOOK_DELIVERY.ID)
            .fetch();
    Map<String, MessageEvent> events = new LinkedHashMap<>();
    for (var r : rows) {
      MessageEvent e =
          events.computeIfAbsent(
              r.value1(), id -> new MessageEvent(id, r.value2(), r.value3(), new ArrayList<>()));
      e.deliveries()
          .add(
              new MessageEvent.Target(
                  r.value4(),
                  r.value4() != null ? r.value6() : r.value5(),
                  r.value7(),
                  r.value8(),
                  r.value9()));
    }
    return List.copyOf(events.values());
  }

  private WebhookEndpointRecord row(String clientName, long id) {
    WebhookEndpointRecord row =
        db.selectFrom(WEBHOOK_ENDPOINT)
            .where(WEBHOOK_ENDPOINT.ID.eq(id))
            .and(WEBHOOK_ENDPOINT.CLIENT_ID.eq(clientId(clientName)))
            .fetchOne();
    if (row == null) throw notFound(clientName, id);
    return row;
  }

  private long clientId(String clientName) {
    Long id =
        db.select(CLIENT.ID)
            .from(CLIENT)
            .where(CLIENT.CLIENT_NAME.eq(clientName))
            .fetchOne(CLIENT.ID);
    if (id == null) throw new NotFoundException("No client named '" + clientName + "'");
    return id;
  }

  private org.jooq.Field<OffsetDateTime> overlapEnd() {
    return currentOffsetDateTime().plus(val(DayToSecond.valueOf(rotationOverlap)));
  }

  /** Known message event types, each once; empty means all. */
  static List<String> requireEvents(List<String> events) {
    if (events == null) return List.of();
    List<FieldError> errors = new ArrayList<>();
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    for (String e : events) {
      if (!EventTypes.MESSAGE_EVENTS.contains(e)) {
        errors.add(
            new FieldError(
                "events",
                "'"
                    + e
                    + "' is not an event type; choose from "
                    + String.join(", ", EventTypes.MESSAGE_EVENTS)));
      } else {
        unique.add(e);
      }
    }
    if (!errors.isEmpty()) throw new InvalidInputException(errors);
    return List.copyOf(unique);
  }

  private static NotFoundException notFound(String clientName, long id) {
    return new NotFoundException("No webhook " + id + " for client '" + clientName + "'");
  }

  private static Endpoint toEndpoint(WebhookEndpointRecord r, String clientName) {
    return new Endpoint(
        r.getId(),
        clientName,
        r.getUrl(),
        Outbox.asList(r.getEvents()),
        r.getEnabled(),
        r.getDisabledReason(),
        r.getFailingSince(),
        r.getPreviousSecretUntil() != null
                && r.getPreviousSecretUntil().isAfter(OffsetDateTime.now())
            ? r.getPreviousSecretUntil()
            : null,
        r.getCreatedAt());
  }
}
