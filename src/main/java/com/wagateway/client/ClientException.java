package com.wagateway.client;

/** A client operation that cannot be done as asked; the message says why. */
public final class ClientException extends RuntimeException {
  public enum Kind {
    NOT_FOUND,
    CONFLICT,
    INVALID
  }

  private final Kind kind;

  public ClientException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
