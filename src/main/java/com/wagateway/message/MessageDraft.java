package com.wagateway.message;

import java.time.OffsetDateTime;

/**
 * A validated message to create: for an existing contact ({@code contactId}), or for a phone in
 * E.164 whose contact is created or renamed on the way ({@code name} null keeps its name). {@code
 * sendAt} null means now. {@code session} names the WhatsApp account to send from; null means the
 * client's own. {@code callbackUrl}: where this message's events are posted besides the client's
 * webhooks (null: nowhere else). {@code mediaId}: a file of the client's to send, {@code text}
 * being its caption (empty: none); or {@code mediaUrl}, fetched and stored as a media before the
 * message is (then {@code mediaId} is set and {@code mediaUrl} no longer matters).
 */
public record MessageDraft(
    Long contactId,
    String phone,
    String name,
    String text,
    OffsetDateTime sendAt,
    String session,
    String callbackUrl,
    Long mediaId,
    boolean asDocument,
    String mediaUrl) {

  /** A text message (no file). */
  public MessageDraft(
      Long contactId,
      String phone,
      String name,
      String text,
      OffsetDateTime sendAt,
      String session,
      String callbackUrl) {
    this(contactId, phone, name, text, sendAt, session, callbackUrl, null, false, null);
  }

  /** A message from the client's own session, without a callback URL of its own. */
  public MessageDraft(
      Long contactId, String phone, String name, String text, OffsetDateTime sendAt) {
    this(contactId, phone, name, text, sendAt, null, null);
  }

  /** The same message, sent from {@code session}. */
  public MessageDraft fromSession(String session) {
    return new MessageDraft(
        contactId, phone, name, text, sendAt, session, callbackUrl, mediaId, asDocument, mediaUrl);
  }

  /**
   * The same message sending the client's media {@code mediaId} (null: none), {@code text} as its
   * caption; {@code asDocument}: a photo or video goes as a file.
   */
  public MessageDraft withMedia(Long mediaId, boolean asDocument) {
    return new MessageDraft(
        contactId, phone, name, text, sendAt, session, callbackUrl, mediaId, asDocument, mediaUrl);
  }

  /** The same message, its file to be fetched from {@code url} by the gateway (null: none). */
  public MessageDraft withMediaUrl(String url, boolean asDocument) {
    return new MessageDraft(
        contactId, phone, name, text, sendAt, session, callbackUrl, mediaId, asDocument, url);
  }

  /** The same message, its events also posted to {@code url} (null: none). */
  public MessageDraft withCallbackUrl(String url) {
    return new MessageDraft(
        contactId, phone, name, text, sendAt, session, url, mediaId, asDocument, mediaUrl);
  }

  /** A message to a phone number; {@code name} null keeps an existing contact's name. */
  public static MessageDraft toPhone(
      String phone, String name, String text, OffsetDateTime sendAt) {
    return new MessageDraft(null, phone, name, text, sendAt);
  }
}
