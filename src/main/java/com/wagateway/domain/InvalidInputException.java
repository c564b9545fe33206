package com.wagateway.domain;

import java.util.List;
import java.util.Map;

/** One or more fields are malformed or out of range; each error names its field. */
public final class InvalidInputException extends DomainException {
  public InvalidInputException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public InvalidInputException(List<FieldError> errors) {
    this(errors, Map.of());
  }

  private InvalidInputException(List<FieldError> errors, Map<String, Object> details) {
    super(summary(errors), errors, details);
  }

  public InvalidInputException with(String name, Object value) {
    return new InvalidInputException(errors(), plus(details(), name, value));
  }

  private static String summary(List<FieldError> errors) {
    if (errors.size() == 1) return errors.get(0).field() + ": " + errors.get(0).message();
    return "The request has "
        + errors.size()
        + " invalid fields: "
        + String.join(", ", errors.stream().map(FieldError::field).toList());
  }
}
