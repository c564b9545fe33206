package com.wagateway.message;

import com.wagateway.http.QueryParams;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which messages a list shows; null fields do not filter. {@code phone} matches any part of the
 * contact's E.164 number; {@code createdBefore} is exclusive.
 */
public record MessageFilter(
    String status,
    Long contactId,
    String phone,
    OffsetDateTime createdAfter,
    OffsetDateTime createdBefore) {
  public static final MessageFilter NONE = new MessageFilter(null, null, null, null, null);

  private static final Set<String> STATUSES =
      Arrays.stream(MessageStatus.values())
          .map(MessageStatus::value)
          .collect(Collectors.toUnmodifiableSet());

  /** Every status a message can have, for filters and forms. */
  public static Set<String> statuses() {
    return STATUSES;
  }

  /**
   * Reads {@code status}, {@code contact_id}, {@code phone}, {@code created_after}, {@code
   * created_before}.
   */
  public static MessageFilter from(QueryParams params) {
    return new MessageFilter(
        params.oneOf("status", STATUSES),
        params.positiveLong("contact_id"),
        params.phoneFragment("phone"),
        params.timestamp("created_after"),
        params.timestamp("created_before"));
  }
}
