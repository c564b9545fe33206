package com.wagateway.console;

import com.wagateway.domain.DomainException;
import com.wagateway.domain.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was wrong with a form, in the service's words: each field's message shown next to it, and a
 * message for the whole form when the service named no field.
 */
public record FormErrors(Map<String, String> fields, String summary) {
  public static final FormErrors NONE = new FormErrors(Map.of(), null);

  public static FormErrors of(List<FieldError> errors) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (FieldError e : errors) fields.merge(e.field(), e.message(), (a, b) -> a + "; " + b);
    return new FormErrors(fields, null);
  }

  /** A service's refusal: next to its fields when it names some, above the form otherwise. */
  public static FormErrors of(DomainException e) {
    if (e.errors().isEmpty()) return new FormErrors(Map.of(), e.getMessage());
    return of(e.errors());
  }

  public static FormErrors summary(String message) {
    return new FormErrors(Map.of(), message);
  }

  public FormErrors plus(String field, String message) {
    Map<String, String> more = new LinkedHashMap<>(fields);
    more.merge(field, message, (a, b) -> a + "; " + b);
    return new FormErrors(more, summary);
  }

  public boolean any() {
    return summary != null || !fields.isEmpty();
  }

  /** The message for one field, or null. */
  public String of(String field) {
    return fields.get(field);
  }

  /** The id of the field's message, for {@code aria-describedby}; null when it has none. */
  public String describedBy(String field) {
    return fields.containsKey(field) ? field.replace('_', '-') + "-error" : null;
  }
}
