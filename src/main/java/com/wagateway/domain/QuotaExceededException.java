package com.wagateway.domain;

import java.util.List;
import java.util.Map;

/** A client's quota has no room for the request now; it may retry after the given seconds. */
public final class QuotaExceededException extends DomainException {
  private final long retryAfterSeconds;

  public QuotaExceededException(String message, long retryAfterSeconds) {
    super(message, List.of(), Map.of());
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
