package com.wagateway.domain;

import java.util.List;
import java.util.Map;

/**
 * Well-formed input that cannot be used: it names something that is not the caller's, or reuses an
 * idempotency key for another request.
 */
public final class UnprocessableException extends DomainException {
  public UnprocessableException(String message) {
    this(message, List.of());
  }

  public UnprocessableException(String message, List<FieldError> errors) {
    this(message, errors, Map.of());
  }

  private UnprocessableException(
      String message, List<FieldError> errors, Map<String, Object> details) {
    super(message, errors, details);
  }

  public UnprocessableException with(String name, Object value) {
    return new UnprocessableException(getMessage(), errors(), plus(details(), name, value));
  }
}
