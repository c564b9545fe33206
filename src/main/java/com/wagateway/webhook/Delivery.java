package com.wagateway.webhook;

import java.time.OffsetDateTime;
import java.util.List;

/** One event on its way to one receiver, with every attempt so far. */
public record Delivery(
    long id,
    String event_id,
    String type,
    Long message_id,
    String state,
    int attempts,
    OffsetDateTime next_attempt_at,
    OffsetDateTime give_up_at,
    Integer last_status,
    String last_error,
    OffsetDateTime delivered_at,
    OffsetDateTime created_at,
    List<Attempt> attempt_log) {

  /** One POST: when, what came back ({@code status_code} null: no answer), how long it took. */
  public record Attempt(OffsetDateTime at, Integer status_code, String error, int duration_ms) {}
}
