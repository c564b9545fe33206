package com.wagateway.message;

import com.google.gson.JsonObject;
import com.wagateway.contact.ContactService;
import com.wagateway.domain.PhoneNumbers;
import com.wagateway.http.JsonFields;
import com.wagateway.http.VisibleText;
import com.wagateway.net.OutboundUrls;
import java.time.OffsetDateTime;

/** The rules for a message request, shared by every route that creates messages. */
public final class MessageRequestReader {
  private static final int MAX_DAYS_AHEAD = 366;
  private static final int SESSION_NAME_LENGTH = 64;

  private final PhoneNumbers phones;
  private final int maxTextLength;

  public MessageRequestReader(PhoneNumbers phones, int maxTextLength) {
    this.phones = phones;
    this.maxTextLength = maxTextLength;
  }

  /**
   * Reads {@code phone}, {@code name}, {@code text} (or the seed's {@code message}) and {@code
   * send_at}, adding every problem to {@code fields}; null when any field is bad.
   */
  public MessageDraft read(JsonFields fields, JsonObject body) {
    String phone = fields.phone("phone", true, phones);
    // The contacts routes' rule: a name shows something, or it is not sent at all.
    String name = fields.nonBlank("name", false, ContactService.MAX_NAME_LENGTH);
    Long mediaId = fields.positiveLong("media_id", false);
    String mediaUrl = mediaUrl(fields);
    boolean asDocument = asDocument(fields);
    String text = text(fields, body, withMedia(fields));
    OffsetDateTime sendAt = sendAt(fields);
    String session = session(fields);
    String callbackUrl = callbackUrl(fields);
    if (!fields.valid()) return null;
    if (mediaUrl != null) {
      return MessageDraft.toPhone(phone, name == null ? null : name.strip(), text, sendAt)
          .fromSession(session)
          .withCallbackUrl(callbackUrl)
          .withMediaUrl(mediaUrl, asDocument);
    }
    return MessageDraft.toPhone(phone, name == null ? null : name.strip(), text, sendAt)
        .fromSession(session)
        .withCallbackUrl(callbackUrl)
        .withMedia(mediaId, asDocument);
  }

  private static boolean withMedia(JsonFields fields) {
    return fields.has("media_id") || fields.has("media_url");
  }

  /**
   * {@code media_url}: an http(s) URL the gateway fetches the file from (instead of {@code
   * media_id}).
   */
  private static String mediaUrl(JsonFields fields) {
    String url = fields.string("media_url", false, OutboundUrls.MAX_LENGTH + 1);
    if (url == null) return null;
    if (fields.has("media_id")) {
      fields.error("media_url", "send either media_id or media_url, not both");
      return null;
    }
    String problem = OutboundUrls.problem(url);
    if (problem != null) {
      fields.error("media_url", problem);
      return null;
    }
    return url;
  }

  /** {@code as_document}: only with a file; sends a photo or video as a file. */
  private static boolean asDocument(JsonFields fields) {
    Boolean asDocument = fields.bool("as_document");
    if (asDocument != null && !withMedia(fields)) {
      fields.error("as_document", "applies only with media_id or media_url");
    }
    return Boolean.TRUE.equals(asDocument);
  }

  /** {@code session}: the WhatsApp account to send from, one the client is allowed to use. */
  private static String session(JsonFields fields) {
    String session = fields.string("session", false, SESSION_NAME_LENGTH);
    if (session != null && session.isBlank()) {
      fields.error("session", "must name a session, or be left out to use the client's own");
      return null;
    }
    return session;
  }

  /** {@code callback_url}: an http(s) URL this message's events are also posted to. */
  private static String callbackUrl(JsonFields fields) {
    String url = fields.string("callback_url", false, OutboundUrls.MAX_LENGTH + 1);
    if (url == null) return null;
    String problem = OutboundUrls.problem(url);
    if (problem != null) {
      fields.error("callback_url", problem);
      return null;
    }
    return url;
  }

  /**
   * The body of {@code POST /messages} (and each item of a batch): either {@code contact_id}, or
   * {@code phone} with an optional {@code name}; then {@code text} and {@code send_at}.
   */
  public MessageDraft readDraft(JsonFields fields, JsonObject body) {
    fields.noNulls(
        "contact_id",
        "phone",
        "name",
        "text",
        "send_at",
        "session",
        "callback_url",
        "media_id",
        "media_url",
        "as_document");
    if (fields.has("message"))
      fields.error("message", "is the name /send-message/ uses; here the text goes in 'text'");
    if (!fields.has("contact_id")) return read(fields, body);
    if (fields.has("phone"))
      fields.error("contact_id", "send either contact_id or phone, not both");
    if (fields.has("name"))
      fields.error("name", "applies only with phone; rename a contact with PATCH /contacts/{id}");
    Long contactId = fields.positiveLong("contact_id", true);
    Long mediaId = fields.positiveLong("media_id", false);
    String mediaUrl = mediaUrl(fields);
    boolean asDocument = asDocument(fields);
    String text = text(fields, body, withMedia(fields));
    OffsetDateTime sendAt = sendAt(fields);
    String session = session(fields);
    String callbackUrl = callbackUrl(fields);
    if (!fields.valid()) return null;
    return new MessageDraft(
        contactId, null, null, text, sendAt, session, callbackUrl, mediaId, asDocument, mediaUrl);
  }

  private static OffsetDateTime sendAt(JsonFields fields) {
    OffsetDateTime sendAt = fields.timestamp("send_at");
    if (sendAt != null && sendAt.isAfter(OffsetDateTime.now().plusDays(MAX_DAYS_AHEAD))) {
      fields.error("send_at", "must be within " + MAX_DAYS_AHEAD + " days from now");
    }
    return sendAt;
  }

  /**
   * The text, or with a file its caption: optional then, and an absent or blank caption is none
   * (stored as the empty text).
   */
  private String text(JsonFields fields, JsonObject body, boolean withMedia) {
    boolean hasText = fields.has("text");
    boolean hasMessage = fields.has("message");
    if (hasText && hasMessage) {
      fields.error("text", "send the message in 'text' or in 'message', not both");
      return null;
    }
    String field = hasMessage ? "message" : "text";
    String text = fields.string(field, !withMedia, maxTextLength);
    if (withMedia) return text == null || VisibleText.isBlank(text) ? "" : text;
    if (text != null && VisibleText.isBlank(text)) {
      fields.error(field, VisibleText.BLANK);
      return null;
    }
    return text;
  }
}
