package com.wagateway.webhook;

/** What the webhook parts tell metrics. */
public interface WebhookEvents {
  WebhookEvents NONE = (result, millis) -> {};

  /** {@code result}: delivered, retrying, dead or lost (the claim was taken back meanwhile). */
  void attempted(String result, long millis);

  /** A session.state_changed event could not be written. */
  default void sessionEventLost() {}
}
