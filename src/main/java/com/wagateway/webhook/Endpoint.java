package com.wagateway.webhook;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A client's webhook endpoint as the operator sees it; never with its secret, which is shown only
 * when made ({@link NewSecret}). {@code events} empty means every event.
 */
public record Endpoint(
    long id,
    String client,
    String url,
    List<String> events,
    boolean enabled,
    String disabled_reason,
    OffsetDateTime failing_since,
    OffsetDateTime previous_secret_until,
    OffsetDateTime created_at) {

  /** An endpoint with its new secret in clear: only in the answer to create and rotate-secret. */
  public record NewSecret(Endpoint endpoint, String secret) {}
}
