package com.wagateway.message;

import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;

import java.time.OffsetDateTime;
import org.jooq.Record;

/**
 * A message as its owner sees it through the API. {@code media_id}: the file it sends (null: a
 * text), {@code text} then being its caption. {@code wa_message_id}: its key in WhatsApp, read from
 * its bubble when it was sent; {@code delivered_at}, {@code read_at}: when two ticks and " Read "
 * were first seen.
 */
public record MessageView(
    long id,
    String status,
    String phone,
    long contact_id,
    String text,
    String error_reason,
    int attempts,
    OffsetDateTime created_at,
    OffsetDateTime send_at,
    OffsetDateTime sent_at,
    Long media_id,
    boolean as_document,
    String wa_message_id,
    OffsetDateTime delivered_at,
    OffsetDateTime read_at) {

  /** The API's view of a message from a row of {@code message_queue} joined with its contact. */
  public static MessageView of(Record r) {
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
        r.get(MESSAGE_QUEUE.SENT_AT),
        r.get(MESSAGE_QUEUE.MEDIA_ID),
        r.get(MESSAGE_QUEUE.AS_DOCUMENT),
        r.get(MESSAGE_QUEUE.WA_MESSAGE_ID),
        r.get(MESSAGE_QUEUE.DELIVERED_AT),
        r.get(MESSAGE_QUEUE.READ_AT));
  }
}
