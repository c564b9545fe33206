package com.wagateway.webhook;

import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.db.schema.Tables.WEBHOOK_DELIVERY;
import static com.wagateway.db.schema.Tables.WEBHOOK_ENDPOINT;
import static com.wagateway.db.schema.Tables.WEBHOOK_EVENT;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.array;
import static org.jooq.impl.DSL.cardinality;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

import com.google.gson.JsonObject;
import com.wagateway.json.Json;
import com.wagateway.message.MessageStatus;
import com.wagateway.message.MessageView;
import com.wagateway.message.StatusEvents;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.types.DayToSecond;

/**
 * Writes events and their deliveries into the outbox tables, in the caller's transaction: the
 * status change and the promise to tell of it commit together or not at all. A message whose client
 * has no endpoint for the event, and which carries no callback_url, writes nothing.
 */
public final class Outbox implements StatusEvents {
  private static final String TARGETS = "targets";
  // A scalar subquery rather than a join: it also fits the RETURNING of an UPDATE.
  private static final Field<String> PHONE =
      field(select(CONTACT.PHONE).from(CONTACT).where(CONTACT.ID.eq(MESSAGE_QUEUE.CONTACT_ID)))
          .as(CONTACT.PHONE.getUnqualifiedName());

  private final Duration maxAge;

  /** Each delivery is tried until {@code maxAge} after it was made. */
  public Outbox(Duration maxAge) {
    this.maxAge = maxAge;
  }

  @Override
  public void changed(DSLContext tx, Collection<Long> messageIds) {
    write(tx, messageIds, null);
  }

  @Override
  public void changedTo(DSLContext tx, Collection<Long> messageIds, MessageStatus status) {
    write(tx, messageIds, status.value());
  }

  /**
   * The changed rows with what their events need: the message, its phone and the client's endpoints
   * that want its event now, in one statement with the change itself.
   */
  @Override
  public List<SelectField<?>> rowFields() {
    List<SelectField<?>> fields = new ArrayList<>(Arrays.asList(MESSAGE_QUEUE.fields()));
    fields.add(PHONE);
    fields.add(targets(MESSAGE_QUEUE.STATUS));
    return fields;
  }

  @Override
  public void changedRows(DSLContext tx, List<? extends Record> rows) {
    List<Record> sorted = new ArrayList<>(rows);
    // Events of one change in id order, as the read path writes them.
    sorted.sort(Comparator.comparing(r -> r.get(MESSAGE_QUEUE.ID)));
    writeRows(tx, sorted, null);
  }

  /** Events of {@code messageIds}, of their status now or, when non-null, of {@code as}. */
  private void write(DSLContext tx, Collection<Long> messageIds, String as) {
    Field<Long[]> targets = targets(as == null ? MESSAGE_QUEUE.STATUS : inline(as));
    List<Record> rows =
        tx.select(MESSAGE_QUEUE.asterisk(), PHONE, targets)
            .from(MESSAGE_QUEUE)
            .where(MESSAGE_QUEUE.ID.in(messageIds))
            .orderBy(MESSAGE_QUEUE.ID)
            .fetch();
    writeRows(tx, rows, as);
  }

  /**
   * The client's enabled endpoints that want the event of a message of {@code status}, read with
   * the message: every status change pays for it, most with nobody to tell.
   */
  private static Field<Long[]> targets(Field<String> status) {
    return array(
            select(WEBHOOK_ENDPOINT.ID)
                .from(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.CLIENT_ID.eq(MESSAGE_QUEUE.CLIENT_ID))
                .and(WEBHOOK_ENDPOINT.ENABLED.isTrue())
                .and(
                    cardinality(WEBHOOK_ENDPOINT.EVENTS)
                        .eq(0)
                        .or(inline("message.").concat(status).eq(any(WEBHOOK_ENDPOINT.EVENTS))))
                .orderBy(WEBHOOK_ENDPOINT.ID))
        .as(TARGETS);
  }

  /**
   * One statement for the events of {@code rows} and one for their deliveries, whatever their
   * number: a run of sends written together tells of them together.
   */
  private void writeRows(DSLContext tx, List<Record> rows, String as) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Field<OffsetDateTime> giveUpAt = giveUpAt(maxAge);
    var events =
        tx.insertInto(
            WEBHOOK_EVENT,
            WEBHOOK_EVENT.ID,
            WEBHOOK_EVENT.TYPE,
            WEBHOOK_EVENT.CLIENT_ID,
            WEBHOOK_EVENT.MESSAGE_ID,
            WEBHOOK_EVENT.SESSION_NAME,
            WEBHOOK_EVENT.PAYLOAD,
            WEBHOOK_EVENT.CREATED_AT);
    var deliveries =
        tx.insertInto(
            WEBHOOK_DELIVERY,
            WEBHOOK_DELIVERY.EVENT_ID,
            WEBHOOK_DELIVERY.ENDPOINT_ID,
            WEBHOOK_DELIVERY.URL,
            WEBHOOK_DELIVERY.MESSAGE_ID,
            WEBHOOK_DELIVERY.GIVE_UP_AT);
    int written = 0;
    for (Record row : rows) {
      MessageView view = MessageView.of(row);
      String type = EventTypes.of(as == null ? view.status() : as);
      if (type == null) continue;
      Long[] endpoints = row.get(TARGETS, Long[].class);
      String callbackUrl = row.get(MESSAGE_QUEUE.CALLBACK_URL);
      if (endpoints.length == 0 && callbackUrl == null) continue;
      JsonObject data = new JsonObject();
      data.add("message", Json.GSON.toJsonTree(view));
      String eventId = newEventId();
      events =
          events.values(
              eventId,
              type,
              row.get(MESSAGE_QUEUE.CLIENT_ID),
              view.id(),
              null,
              payload(type, now, data),
              now);
      for (Long endpoint : endpoints) {
        deliveries =
            deliveries.values(
                val(eventId),
                val(endpoint),
                val(null, WEBHOOK_DELIVERY.URL),
                val(view.id()),
                giveUpAt);
      }
      if (callbackUrl != null) {
        deliveries =
            deliveries.values(
                val(eventId),
                val(null, WEBHOOK_DELIVERY.ENDPOINT_ID),
                val(callbackUrl),
                val(view.id()),
                giveUpAt);
      }
      written++;
    }
    if (written == 0) return;
    events.execute();
    deliveries.execute();
  }

  /** A {@code session.state_changed} event for the service's own endpoint, in its own statement. */
  public void sessionChanged(DSLContext db, String url, String session, JsonObject change) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    db.transaction(
        c -> {
          String eventId =
              insertEvent(
                  c.dsl(),
                  EventTypes.SESSION_STATE_CHANGED,
                  null,
                  null,
                  session,
                  payload(EventTypes.SESSION_STATE_CHANGED, now, change),
                  now);
          insertDelivery(c.dsl(), eventId, null, url, null);
        });
  }

  /** The Standard Webhooks shape: {@code {"type", "timestamp", "data"}}. */
  static String payload(String type, OffsetDateTime at, JsonObject data) {
    JsonObject body = new JsonObject();
    body.addProperty("type", type);
    body.addProperty("timestamp", Json.timestamp(at));
    body.add("data", data);
    return Json.GSON.toJson(body);
  }

  private static String insertEvent(
      DSLContext tx,
      String type,
      Long clientId,
      Long messageId,
      String session,
      String payload,
      OffsetDateTime at) {
    String id = newEventId();
    tx.insertInto(WEBHOOK_EVENT)
        .set(WEBHOOK_EVENT.ID, id)
        .set(WEBHOOK_EVENT.TYPE, type)
        .set(WEBHOOK_EVENT.CLIENT_ID, clientId)
        .set(WEBHOOK_EVENT.MESSAGE_ID, messageId)
        .set(WEBHOOK_EVENT.SESSION_NAME, session)
        .set(WEBHOOK_EVENT.PAYLOAD, payload)
        .set(WEBHOOK_EVENT.CREATED_AT, at)
        .execute();
    return id;
  }

  private static String newEventId() {
    return "evt_" + UUID.randomUUID().toString().replace("-", "");
  }

  private void insertDelivery(
      DSLContext tx, String eventId, Long endpointId, String url, Long messageId) {
    tx.insertInto(WEBHOOK_DELIVERY)
        .set(WEBHOOK_DELIVERY.EVENT_ID, eventId)
        .set(WEBHOOK_DELIVERY.ENDPOINT_ID, endpointId)
        .set(WEBHOOK_DELIVERY.URL, url)
        .set(WEBHOOK_DELIVERY.MESSAGE_ID, messageId)
        .set(WEBHOOK_DELIVERY.GIVE_UP_AT, giveUpAt(maxAge))
        .execute();
  }

  static Field<OffsetDateTime> giveUpAt(Duration maxAge) {
    return currentOffsetDateTime().plus(val(DayToSecond.valueOf(maxAge)));
  }

  static List<String> asList(String[] events) {
    return events == null ? List.of() : Arrays.asList(events);
  }
}
