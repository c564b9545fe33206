package com.wagateway.message;

/**
 * The database failed while a group of requests was being stored. Nothing of theirs was stored,
 * unless {@code mayHaveCommitted}: the connection broke during the commit itself, and only the
 * database knows whether it happened.
 */
public final class StoreFailedException extends RuntimeException {
  private final boolean mayHaveCommitted;

  StoreFailedException(String message, Throwable cause, boolean mayHaveCommitted) {
    super(message, cause);
    this.mayHaveCommitted = mayHaveCommitted;
  }

  public boolean mayHaveCommitted() {
    return mayHaveCommitted;
  }
}
