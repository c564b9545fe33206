package com.wagateway.message;

import java.time.OffsetDateTime;

/**
 * A validated message to create: for an existing contact ({@code contactId}), or for a phone in
 * E.164 whose contact is created or renamed on the way ({@code name} null keeps its name). {@code
 * sendAt} null means now.
 */
public record MessageDraft(
    Long contactId, String phone, String name, String text, OffsetDateTime sendAt) {

  /** A message to a phone number; {@code name} null keeps an existing contact's name. */
  public static MessageDraft toPhone(
      String phone, String name, String text, OffsetDateTime sendAt) {
    return new MessageDraft(null, phone, name, text, sendAt);
  }
}
