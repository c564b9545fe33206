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
}
