package com.wagateway.message;

import java.util.Collection;
import org.jooq.DSLContext;

/**
 * Told of messages whose status just changed, inside the transaction that changed them ({@code
 * tx}): what it writes commits or rolls back with the change, so an event is never lost nor told of
 * a change that did not happen. The webhook outbox attaches here.
 */
@FunctionalInterface
public interface StatusEvents {
  StatusEvents NONE = (tx, messageIds) -> {};

  void changed(DSLContext tx, Collection<Long> messageIds);

  /**
   * As {@link #changed}, told as a change to {@code status} whatever the row holds now: a read seen
   * before the two ticks moves a message from sent to read at once, and its receivers still hear
   * delivered before read.
   */
  default void changedTo(DSLContext tx, Collection<Long> messageIds, MessageStatus status) {
    changed(tx, messageIds);
  }
}
