package com.wagateway.webhook;

import java.time.OffsetDateTime;
import java.util.List;

/** An event of one message, as GET /messages/{id} lists it, with where it went. */
public record MessageEvent(
    String id, String type, OffsetDateTime created_at, List<Target> deliveries) {

  /**
   * One receiver: an endpoint ({@code endpoint_id}) or the message's {@code callback_url}; {@code
   * state} pending, delivering, delivered or dead.
   */
  public record Target(
      Long endpoint_id, String url, String state, int attempts, OffsetDateTime delivered_at) {}
}
