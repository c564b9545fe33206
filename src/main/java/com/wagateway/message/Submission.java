package com.wagateway.message;

import com.wagateway.client.Caller;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One request's messages on their way to a group commit: validated, its caller authenticated,
 * waiting to be written with the others that arrived with it. {@code batch} shapes the answer
 * ({@code {"data": [...]}} rather than the message); {@code key} is its {@code Idempotency-Key}
 * (null: none), {@code fingerprint} identifies the request for that key; {@code arrivedNanos} is
 * when it started waiting ({@link System#nanoTime()}).
 */
record Submission(
    Caller caller,
    List<MessageDraft> drafts,
    boolean batch,
    String key,
    String fingerprint,
    CompletableFuture<Outcome> outcome,
    long arrivedNanos) {

  Idempotency.KeyId keyId() {
    return key == null ? null : new Idempotency.KeyId(caller.clientId(), key);
  }
}
