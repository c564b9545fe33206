package com.wagateway.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.wagateway.domain.FieldError;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.PhoneNumbers;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of a JSON object's fields that collect every problem, so one answer can name all the
 * bad fields at once. Call {@link #throwIfInvalid()} when done.
 */
public final class JsonFields {
  // Room for the separators people write; PhoneNumbers refuses what is too long to be a number.
  private static final int MAX_PHONE_INPUT = 64;

  private final JsonObject object;
  private final List<FieldError> errors = new ArrayList<>();

  public JsonFields(JsonObject object) {
    this.object = object;
  }

  public boolean has(String field) {
    return object.has(field) && !object.get(field).isJsonNull();
  }

  /** A string, or null when absent; {@code maxLength} counts Unicode code points. */
  public String string(String field, boolean required, int maxLength) {
    if (!has(field)) {
      if (required) error(field, "is required");
      return null;
    }
    JsonElement e = object.get(field);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      error(field, "must be a string, not " + kind(e));
      return null;
    }
    String value = e.getAsString();
    // PostgreSQL cannot store NUL in text; refused here rather than failing in the database.
    if (value.indexOf('\0') >= 0) {
      error(field, "must not contain NUL characters");
      return null;
    }
    if (value.codePointCount(0, value.length()) > maxLength) {
      error(
          field,
          "must be at most "
              + maxLength
              + " characters (got "
              + value.codePointCount(0, value.length())
              + ")");
      return null;
    }
    return value;
  }

  /**
   * Like {@link #string} but also refuses values with nothing to see: empty, spaces only, or
   * invisible characters only (zero-width spaces, joiners, direction marks, fillers).
   */
  public String nonBlank(String field, boolean required, int maxLength) {
    String value = string(field, required, maxLength);
    if (value != null && VisibleText.isBlank(value)) {
      error(field, VisibleText.BLANK);
      return null;
    }
    return value;
  }

  /**
   * A phone number as people write it ("+972 50-123-4567"), in E.164; null when absent or unusable
   * (the problem is recorded).
   */
  public String phone(String field, boolean required, PhoneNumbers phones) {
    String value = nonBlank(field, required, MAX_PHONE_INPUT);
    if (value == null) return null;
    PhoneNumbers.Result result = phones.normalise(value);
    if (result.e164().isEmpty()) error(field, result.problem());
    return result.e164().orElse(null);
  }

  /** An ISO-8601 timestamp with an offset ("2026-12-01T09:00:00+02:00"), or null when absent. */
  public OffsetDateTime timestamp(String field) {
    String value = string(field, false, 64);
    return value == null ? null : Timestamps.parse(field, value, errors);
  }

  public Long positiveLong(String field, boolean required) {
    if (!has(field)) {
      if (required) error(field, "is required");
      return null;
    }
    JsonElement e = object.get(field);
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      try {
        long value = e.getAsBigDecimal().longValueExact();
        if (value > 0) return value;
      } catch (ArithmeticException | NumberFormatException ignored) {
        // too large, fractional or out of range (1e10001): answered below
      }
    }
    error(field, "must be a positive integer");
    return null;
  }

  public Integer integer(String field, int min, int max) {
    if (!has(field)) return null;
    JsonElement e = object.get(field);
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      try {
        int value = e.getAsBigDecimal().intValueExact();
        if (value >= min && value <= max) return value;
      } catch (ArithmeticException | NumberFormatException ignored) {
        // too large, fractional or out of range (1e10001): answered below
      }
    }
    error(field, "must be an integer from " + min + " to " + max);
    return null;
  }

  public Boolean bool(String field) {
    if (!has(field)) return null;
    JsonElement e = object.get(field);
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) return e.getAsBoolean();
    error(field, "must be true or false");
    return null;
  }

  /**
   * Refuses an explicit null in these fields: the contract leaves optional fields out rather than
   * sending null, and a null that silently meant "absent" would hide a client's bug.
   */
  public JsonFields noNulls(String... fields) {
    for (String field : fields) {
      if (object.has(field) && object.get(field).isJsonNull())
        error(field, "must not be null; leave it out instead");
    }
    return this;
  }

  public void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  public boolean valid() {
    return errors.isEmpty();
  }

  public void throwIfInvalid() {
    if (!errors.isEmpty()) throw new InvalidInputException(errors);
  }

  private static String kind(JsonElement e) {
    if (e.isJsonObject()) return "an object";
    if (e.isJsonArray()) return "an array";
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isNumber()) return "a number";
    if (p.isBoolean()) return "a boolean";
    return "a string";
  }
}
