package com.wagateway.db;

/** The database cannot be started or reached; the message says why and what to set. */
public final class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
