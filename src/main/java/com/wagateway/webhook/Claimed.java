package com.wagateway.webhook;

import java.util.List;

/**
 * A delivery in this instance's hands: what to post where, signed with which secrets. {@code
 * target} names the receiver for the per-endpoint cap (the endpoint, else the URL). {@code
 * clientUrl}: the URL came from a client (a message's callback_url), not from an operator.
 */
record Claimed(
    long id,
    long claimToken,
    String eventId,
    String eventType,
    Long endpointId,
    String url,
    String payload,
    int attempts,
    List<String> secrets,
    boolean clientUrl) {

  DeliveryTarget target() {
    return DeliveryTarget.of(endpointId, url);
  }
}
