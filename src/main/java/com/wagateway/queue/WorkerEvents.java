package com.wagateway.queue;

import java.util.Locale;

/**
 * What the worker reports as it goes, for metrics. Called on the worker thread, so implementations
 * must be cheap and must not throw.
 */
public interface WorkerEvents {

  /** One claim statement ran and took {@code nanos}, returning {@code claimed} messages. */
  void claimed(int claimed, long nanos);

  /** The sender answered after {@code nanos}; {@code outcome} is what was recorded. */
  void sendFinished(SendOutcome outcome, long nanos);

  /** What became of one send attempt once its status was written. */
  enum SendOutcome {
    SENT,
    FAILED,
    RETRIED,
    /** Past the point of no return without a tick: terminal, never sent again by itself. */
    UNCONFIRMED,
    /** The row was no longer ours (rescued) or the database stayed away for a whole lease. */
    LOST;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  WorkerEvents NONE =
      new WorkerEvents() {
        @Override
        public void claimed(int claimed, long nanos) {}

        @Override
        public void sendFinished(SendOutcome outcome, long nanos) {}
      };
}
