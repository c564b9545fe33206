package com.wagateway.domain;

import java.util.List;
import java.util.Map;

/**
 * The request is valid but clashes with the current state (a duplicate, a message already sent).
 */
public final class ConflictException extends DomainException {
  public ConflictException(String message) {
    this(message, Map.of());
  }

  private ConflictException(String message, Map<String, Object> details) {
    super(message, List.of(), details);
  }

  /** The same refusal with one more fact, such as the id of what it clashed with. */
  public ConflictException with(String name, Object value) {
    return new ConflictException(getMessage(), plus(details(), name, value));
  }
}
