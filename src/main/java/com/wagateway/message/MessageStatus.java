package com.wagateway.message;

import java.util.Locale;

/** The life of a message: pending -> sending -> sent | failed (or back to pending to retry). */
public enum MessageStatus {
  PENDING,
  SENDING,
  SENT,
  FAILED,
  CANCELLED;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
