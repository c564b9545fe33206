package com.wagateway.message;

import com.wagateway.http.QueryParams;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Which messages a list shows; null fields do not filter. {@code createdBefore} is exclusive. */
public record MessageFilter(
    String status, Long contactId, OffsetDateTime createdAfter, OffsetDateTime createdBefore) {
  private static final Set<String> STATUSES =
      Arrays.stream(MessageStatus.values())
          .map(MessageStatus::value)
          .collect(Collectors.toUnmodifiableSet());

  /** Reads {@code status}, {@code contact_id}, {@code created_after}, {@code created_before}. */
  public static MessageFilter from(QueryParams params) {
    return new MessageFilter(
        params.oneOf("status", STATUSES),
        params.positiveLong("contact_id"),
        params.timestamp("created_after"),
        params.timestamp("created_before"));
  }
}
