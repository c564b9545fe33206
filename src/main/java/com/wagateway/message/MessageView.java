package com.wagateway.message;

import java.time.OffsetDateTime;

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
    OffsetDateTime read_at) {}
