package com.wagateway.http;

import com.wagateway.domain.FieldError;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** ISO-8601 timestamps with an offset, as request bodies and query strings carry them. */
final class Timestamps {

  private Timestamps() {}

  /** The timestamp, or null after adding the field's problem to {@code errors}. */
  static OffsetDateTime parse(String field, String text, List<FieldError> errors) {
    OffsetDateTime parsed;
    try {
      parsed = OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      errors.add(
          new FieldError(
              field,
              "must be an ISO-8601 timestamp with an offset, like 2026-12-01T09:00:00+02:00"));
      return null;
    }
    // PostgreSQL's timestamps end long before Java's; years outside 1-9999 are mistakes anyway.
    if (parsed.getYear() < 1 || parsed.getYear() > 9999) {
      errors.add(new FieldError(field, "must be a timestamp between the years 1 and 9999"));
      return null;
    }
    return parsed;
  }
}
