package com.wagateway.http;

import com.wagateway.domain.FieldError;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer other than success, raised anywhere below a handler and written once, as
 * application/problem+json (RFC 9457), by {@link ProblemHandler}.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String title;
  private final List<FieldError> errors;
  private final Long retryAfterSeconds;
  private final Map<String, Object> members;

  private ApiException(
      int status, String title, String detail, List<FieldError> errors, Long retryAfterSeconds) {
    this(status, title, detail, errors, retryAfterSeconds, Map.of());
  }

  private ApiException(
      int status,
      String title,
      String detail,
      List<FieldError> errors,
      Long retryAfterSeconds,
      Map<String, Object> members) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
    this.members = members;
  }

  /** The same answer with one more member in its problem document (RFC 9457 extension member). */
  public ApiException with(String member, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(members);
    more.put(member, value);
    return new ApiException(
        status, title, getMessage(), errors, retryAfterSeconds, Collections.unmodifiableMap(more));
  }

  public Map<String, Object> members() {
    return members;
  }

  /** Malformed or out-of-range fields, each named in {@code errors}. */
  public static ApiException invalid(String detail, List<FieldError> errors) {
    return new ApiException(400, "Invalid request", detail, errors, null);
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, "Bad request", detail, List.of(), null);
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(401, "Unauthorized", detail, List.of(), null);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, "Forbidden", detail, List.of(), null);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "Not found", detail, List.of(), null);
  }

  public static ApiException methodNotAllowed(String detail) {
    return new ApiException(405, "Method not allowed", detail, List.of(), null);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "Conflict", detail, List.of(), null);
  }

  public static ApiException payloadTooLarge(String detail) {
    return new ApiException(413, "Payload too large", detail, List.of(), null);
  }

  public static ApiException notImplemented(String detail) {
    return new ApiException(501, "Not implemented", detail, List.of(), null);
  }

  public static ApiException unsupportedMediaType(String detail) {
    return new ApiException(415, "Unsupported media type", detail, List.of(), null);
  }

  /** Well-formed fields that name something that cannot be used (another client's contact, say). */
  public static ApiException unprocessable(String detail, List<FieldError> errors) {
    return new ApiException(422, "Unprocessable request", detail, errors, null);
  }

  public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
    return new ApiException(429, "Too many requests", detail, List.of(), retryAfterSeconds);
  }

  public static ApiException unavailable(String detail, long retryAfterSeconds) {
    return new ApiException(503, "Service unavailable", detail, List.of(), retryAfterSeconds);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
