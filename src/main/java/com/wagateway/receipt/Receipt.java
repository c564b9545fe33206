package com.wagateway.receipt;

import com.wagateway.message.MessageStatus;

/**
 * What a page showed of a message of ours past its single tick: two ticks (aria-label " Delivered
 * ") or " Read " (the same icon, told apart by its label).
 */
public enum Receipt {
  DELIVERED,
  READ;

  public MessageStatus status() {
    return this == DELIVERED ? MessageStatus.DELIVERED : MessageStatus.READ;
  }
}
