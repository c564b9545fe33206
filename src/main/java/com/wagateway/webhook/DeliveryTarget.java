package com.wagateway.webhook;

/**
 * Who receives a delivery, for the per-endpoint cap: a registered endpoint (by id, whatever its URL
 * is now), else the bare URL (a message's callback_url, the service's own session events).
 */
record DeliveryTarget(Long endpointId, String url) {

  static DeliveryTarget of(Long endpointId, String url) {
    return endpointId != null
        ? new DeliveryTarget(endpointId, null)
        : new DeliveryTarget(null, url);
  }
}
