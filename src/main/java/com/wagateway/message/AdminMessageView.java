package com.wagateway.message;

import java.time.OffsetDateTime;

/** A message as the operator sees it: a {@link MessageView} that also names its client. */
public record AdminMessageView(
    long id,
    long client_id,
    String client_name,
    String status,
    String phone,
    long contact_id,
    String text,
    String error_reason,
    int attempts,
    OffsetDateTime created_at,
    OffsetDateTime send_at,
    OffsetDateTime sent_at,
    String wa_message_id,
    OffsetDateTime delivered_at,
    OffsetDateTime read_at) {

  static AdminMessageView of(long clientId, String clientName, MessageView m) {
    return new AdminMessageView(
        m.id(),
        clientId,
        clientName,
        m.status(),
        m.phone(),
        m.contact_id(),
        m.text(),
        m.error_reason(),
        m.attempts(),
        m.created_at(),
        m.send_at(),
        m.sent_at(),
        m.wa_message_id(),
        m.delivered_at(),
        m.read_at());
  }
}
