package com.wagateway.queue;

/**
 * A claimed message, as the sender needs it. {@code phone} is E.164 ("+972501234567"); {@code
 * claimToken} fences every later write to this claim; {@code session} names the WhatsApp account it
 * leaves from; {@code mediaId} the file it sends (null: a text), {@code text} being its caption, as
 * a document when {@code asDocument}; {@code file} that file on disk while it is being sent.
 */
public record OutgoingMessage(
    long id,
    String phone,
    String text,
    int attempts,
    int rescued,
    long claimToken,
    String session,
    Long mediaId,
    boolean asDocument,
    AttachedFile file) {

  /** A message as claimed: its file, if any, not yet on disk. */
  public OutgoingMessage(
      long id,
      String phone,
      String text,
      int attempts,
      int rescued,
      long claimToken,
      String session,
      Long mediaId,
      boolean asDocument) {
    this(id, phone, text, attempts, rescued, claimToken, session, mediaId, asDocument, null);
  }

  /** The same message with its file on disk for the sender. */
  public OutgoingMessage withFile(AttachedFile onDisk) {
    return new OutgoingMessage(
        id, phone, text, attempts, rescued, claimToken, session, mediaId, asDocument, onDisk);
  }

  /** A text message of {@code session}. */
  public OutgoingMessage(
      long id,
      String phone,
      String text,
      int attempts,
      int rescued,
      long claimToken,
      String session) {
    this(id, phone, text, attempts, rescued, claimToken, session, null, false);
  }

  /** A message of the {@code default} session. */
  public OutgoingMessage(
      long id, String phone, String text, int attempts, int rescued, long claimToken) {
    this(id, phone, text, attempts, rescued, claimToken, "default");
  }
}
