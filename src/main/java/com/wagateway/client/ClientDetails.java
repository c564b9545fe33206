package com.wagateway.client;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A client as the operator sees it (admin API): its key's prefix, never the key, and its own quotas
 * (null: the service default; 0: no limit), the WhatsApp session it sends from and the others it
 * may name.
 */
public record ClientDetails(
    long id,
    String name,
    String api_key_prefix,
    boolean active,
    OffsetDateTime created_at,
    Integer quota_per_minute,
    Integer quota_per_day,
    String session,
    List<String> allowed_sessions) {

  /** Without its allowed sessions (null): lists of clients do not read them. */
  public static ClientDetails of(Client c) {
    return of(c, null);
  }

  /** {@code allowed}: the sessions it may name on a message besides its own. */
  public static ClientDetails of(Client c, List<String> allowed) {
    return new ClientDetails(
        c.id(),
        c.name(),
        c.keyPrefix(),
        c.active(),
        c.createdAt(),
        c.quotaPerMinute(),
        c.quotaPerDay(),
        c.session(),
        allowed);
  }
}
