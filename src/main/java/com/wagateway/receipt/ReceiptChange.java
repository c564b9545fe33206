package com.wagateway.receipt;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * One message moved forward by a receipt: {@code delivered} when this change set its {@code
 * delivered_at}, {@code read} when it set its {@code read_at} (both for a read seen first).
 */
public record ReceiptChange(
    long messageId,
    boolean delivered,
    boolean read,
    OffsetDateTime sentAt,
    OffsetDateTime deliveredAt,
    OffsetDateTime readAt) {

  /** From sent to the two ticks; null when this change did not deliver it or it has no sent_at. */
  public Duration toDelivered() {
    return delivered && sentAt != null ? Duration.between(sentAt, deliveredAt) : null;
  }

  /** From sent to read; null when this change did not read it or it has no sent_at. */
  public Duration toRead() {
    return read && sentAt != null ? Duration.between(sentAt, readAt) : null;
  }
}
