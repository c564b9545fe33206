package com.wagateway.message;

import java.time.OffsetDateTime;

/**
 * A validated message to create: for an existing contact ({@code contactId}), or for a phone in
 * E.164 whose contact is created or renamed on the way ({@code name} null keeps its name). {@code
 * sendAt} null means now. {@code callbackUrl}: where this message's events are posted besides the
 * client's webhooks (null: nowhere else).
 */
public record MessageDraft(
    Long contactId,
    String phone,
    String name,
    String text,
    OffsetDateTime sendAt,
    String callbackUrl) {

  /** A message without a callback URL of its own. */
  public MessageDraft(
      Long contactId, String phone, String name, String text, OffsetDateTime sendAt) {
    this(contactId, phone, name, text, sendAt, null);
  }

  /** The same message, its events also posted to {@code url} (null: none). */
  public MessageDraft withCallbackUrl(String url) {
    return new MessageDraft(contactId, phone, name, text, sendAt, url);
  }

  /** A message to a phone number; {@code name} null keeps an existing contact's name. */
  public static MessageDraft toPhone(
      String phone, String name, String text, OffsetDateTime sendAt) {
    return new MessageDraft(null, phone, name, text, sendAt);
  }
}
