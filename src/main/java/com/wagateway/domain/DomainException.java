package com.wagateway.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a service refuses, in the service's words. The services of every feature throw these and
 * nothing HTTP-shaped; the API maps each kind to one status in {@code http/ProblemMapping}, the CLI
 * prints the message, the console shows it next to the field.
 *
 * <p>{@code errors} names the fields at fault; {@code details} carries extra facts an integrator
 * can act on (the id of the existing contact, the bad items of a batch).
 */
public abstract sealed class DomainException extends RuntimeException
    permits NotFoundException,
        ConflictException,
        InvalidInputException,
        UnprocessableException,
        QuotaExceededException,
        TooLargeException,
        UnsupportedTypeException {
  private final List<FieldError> errors;
  private final Map<String, Object> details;

  DomainException(String message, List<FieldError> errors, Map<String, Object> details) {
    super(message, null, false, false);
    this.errors = List.copyOf(errors);
    this.details = Map.copyOf(details);
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Map<String, Object> details() {
    return details;
  }

  static Map<String, Object> plus(Map<String, Object> details, String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(details);
    more.put(name, value);
    return more;
  }
}
