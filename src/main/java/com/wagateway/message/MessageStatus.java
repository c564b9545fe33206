package com.wagateway.message;

import java.util.Locale;

/**
 * The life of a message: pending -> sending -> sent | failed | unconfirmed (or back to pending to
 * retry). {@code unconfirmed}: the page took the message (Enter pressed, the compose box let go of
 * the text) but never showed its tick; it is never sent again by itself. After {@code sent} the
 * receipts move it forward only: {@code delivered} (two ticks), then {@code read}.
 */
public enum MessageStatus {
  PENDING,
  SENDING,
  SENT,
  DELIVERED,
  READ,
  FAILED,
  CANCELLED,
  UNCONFIRMED;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
