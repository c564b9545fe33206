package com.wagateway.webhook;

/** What the dispatcher tells metrics: each attempt's outcome and how long it took. */
public interface WebhookEvents {
  WebhookEvents NONE = (result, millis) -> {};

  /** {@code result}: delivered, retrying, dead or lost (the claim was taken back meanwhile). */
  void attempted(String result, long millis);
}
