package com.wagateway.http;

import com.wagateway.domain.FieldError;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * ISO-8601 timestamps with an offset, as request bodies and query strings carry them, checked
 * against what PostgreSQL's timestamptz can hold before a value goes near it.
 */
final class Timestamps {
  // PostgreSQL refuses offsets beyond +/-15:59 ("time zone displacement out of range"); Java takes
  // up to +/-18:00. Real zones span -12:00 to +14:00.
  private static final int MAX_OFFSET_SECONDS = 15 * 3600 + 59 * 60;

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
    String problem = problem(parsed);
    if (problem != null) {
      errors.add(new FieldError(field, problem));
      return null;
    }
    return parsed;
  }

  /** Null when PostgreSQL can store it, else what is wrong, to follow the field's name. */
  static String problem(OffsetDateTime value) {
    // PostgreSQL's timestamps end long before Java's; years outside 1-9999 are mistakes anyway.
    if (value.getYear() < 1 || value.getYear() > 9999) {
      return "must be a timestamp between the years 1 and 9999";
    }
    if (Math.abs(value.getOffset().getTotalSeconds()) > MAX_OFFSET_SECONDS) {
      return "has the UTC offset "
          + value.getOffset()
          + "; offsets run from -15:59 to +15:59 (use Z for UTC)";
    }
    return null;
  }
}
