package com.wagateway.message;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;

import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectField;

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

  /**
   * What an {@code UPDATE ... RETURNING} of the changed rows should return for {@link
   * #changedRows}: the worker writes an outcome and hears of it in one round trip instead of
   * reading the rows again. Always holds {@code message_queue.id}.
   */
  default List<SelectField<?>> rowFields() {
    return List.of(MESSAGE_QUEUE.ID);
  }

  /** As {@link #changed}, given the changed rows as {@link #rowFields()} returned them. */
  default void changedRows(DSLContext tx, List<? extends Record> rows) {
    changed(tx, rows.stream().map(r -> r.get(MESSAGE_QUEUE.ID)).toList());
  }
}
