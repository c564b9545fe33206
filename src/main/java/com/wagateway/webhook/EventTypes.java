package com.wagateway.webhook;

import com.wagateway.message.MessageStatus;
import java.util.List;

/** The events a receiver can ask for. */
public final class EventTypes {
  public static final String SENT = "message.sent";
  public static final String DELIVERED = "message.delivered";
  public static final String READ = "message.read";
  public static final String FAILED = "message.failed";
  public static final String UNCONFIRMED = "message.unconfirmed";
  public static final String CANCELLED = "message.cancelled";
  public static final String SESSION_STATE_CHANGED = "session.state_changed";

  /** What a client's endpoint may subscribe to. */
  public static final List<String> MESSAGE_EVENTS =
      List.of(SENT, DELIVERED, READ, FAILED, UNCONFIRMED, CANCELLED);

  private EventTypes() {}

  /** The event a message's new status tells of, or null when it tells nothing (pending again). */
  public static String of(String status) {
    if (status.equals(MessageStatus.SENT.value())) return SENT;
    if (status.equals(MessageStatus.DELIVERED.value())) return DELIVERED;
    if (status.equals(MessageStatus.READ.value())) return READ;
    if (status.equals(MessageStatus.FAILED.value())) return FAILED;
    if (status.equals(MessageStatus.UNCONFIRMED.value())) return UNCONFIRMED;
    if (status.equals(MessageStatus.CANCELLED.value())) return CANCELLED;
    return null;
  }
}
