package com.wagateway.http;

import com.wagateway.domain.FieldError;
import com.wagateway.domain.InvalidInputException;
import io.undertow.server.HttpServerExchange;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of query parameters that collect every problem, like {@link JsonFields} for bodies.
 * Call {@link #throwIfInvalid()} when done.
 */
public final class QueryParams {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 100;

  private final Map<String, Deque<String>> params;
  private final List<FieldError> errors = new ArrayList<>();

  public QueryParams(HttpServerExchange exchange) {
    this.params = exchange.getQueryParameters();
  }

  /** The value, or null when absent or empty. */
  public String string(String name, int maxLength) {
    Deque<String> values = params.get(name);
    if (values == null) return null;
    if (values.size() > 1) {
      errors.add(new FieldError(name, "must be given at most once"));
      return null;
    }
    String value = values.getFirst();
    if (value.isEmpty()) return null;
    if (value.indexOf('\0') >= 0) {
      errors.add(new FieldError(name, "must not contain NUL characters"));
      return null;
    }
    if (value.length() > maxLength) {
      errors.add(new FieldError(name, "must be at most " + maxLength + " characters"));
      return null;
    }
    return value;
  }

  public Long positiveLong(String name) {
    String value = string(name, 20);
    if (value == null) return null;
    try {
      long n = Long.parseLong(value);
      if (n > 0) return n;
    } catch (NumberFormatException ignored) {
      // answered below
    }
    errors.add(new FieldError(name, "must be a positive integer"));
    return null;
  }

  /** {@code limit}: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent. */
  public int limit() {
    String value = string("limit", 10);
    if (value == null) return DEFAULT_LIMIT;
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= MAX_LIMIT) return n;
    } catch (NumberFormatException ignored) {
      // answered below
    }
    errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_LIMIT));
    return DEFAULT_LIMIT;
  }

  /** {@code cursor}: the id after which the page starts, or null for the first page. */
  public Long cursor() {
    String value = string("cursor", 100);
    if (value == null) return null;
    Long id = Cursor.decode(value);
    if (id == null)
      errors.add(new FieldError("cursor", "is not a cursor from a previous page's next_cursor"));
    return id;
  }

  /** An ISO-8601 timestamp with an offset; a {@code +} sent unencoded (a space) is read as one. */
  public OffsetDateTime timestamp(String name) {
    String value = string(name, 64);
    return value == null ? null : Timestamps.parse(name, value.replace(' ', '+'), errors);
  }

  /**
   * A part of a phone number to search for, as people write numbers ("+55 11 9..." finds
   * +55119...): digits with an optional leading +; null when absent or nothing but separators.
   */
  public String phoneFragment(String name) {
    String phone = string(name, 32);
    if (phone == null) return null;
    phone = phone.replaceAll("[\\s().-]", "");
    if (!phone.matches("\\+?[0-9]*")) {
      errors.add(new FieldError(name, "must be digits, optionally starting with +"));
      return null;
    }
    return phone.isEmpty() ? null : phone;
  }

  public String oneOf(String name, Set<String> accepted) {
    String value = string(name, 50);
    if (value == null) return null;
    if (accepted.contains(value)) return value;
    errors.add(
        new FieldError(name, "must be one of " + String.join(", ", new TreeSet<>(accepted))));
    return null;
  }

  public void error(String name, String message) {
    errors.add(new FieldError(name, message));
  }

  /** The problems found so far, each naming its parameter. */
  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  public void throwIfInvalid() {
    if (!errors.isEmpty()) throw new InvalidInputException(errors);
  }
}
