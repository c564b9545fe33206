package com.wagateway.client;

import java.time.OffsetDateTime;

/**
 * A client as the operator sees it (admin API): its key's prefix, never the key, and its own quotas
 * (null: the service default; 0: no limit).
 */
public record ClientDetails(
    long id,
    String name,
    String api_key_prefix,
    boolean active,
    OffsetDateTime created_at,
    Integer quota_per_minute,
    Integer quota_per_day) {

  public static ClientDetails of(Client c) {
    return new ClientDetails(
        c.id(),
        c.name(),
        c.keyPrefix(),
        c.active(),
        c.createdAt(),
        c.quotaPerMinute(),
        c.quotaPerDay());
  }
}
