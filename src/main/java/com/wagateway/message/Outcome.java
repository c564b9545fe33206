package com.wagateway.message;

import com.wagateway.json.Json;
import java.util.List;
import java.util.Map;

/**
 * What became of a request that was not refused: the messages it created (none when it repeated an
 * earlier request's {@code Idempotency-Key}), and its answer. The answer is stored with a key, so a
 * keyed request carries it ready; otherwise it is written out only when asked for, on the thread
 * that answers, not on the one that commits.
 */
public record Outcome(List<MessageView> created, boolean batch, Idempotency.Answer remembered) {

  static Outcome created(List<MessageView> created, boolean batch) {
    return new Outcome(created, batch, null);
  }

  static Outcome replayed(Idempotency.Answer answer) {
    return new Outcome(List.of(), false, answer);
  }

  public Idempotency.Answer answer() {
    return remembered != null ? remembered : render(created, batch);
  }

  static Idempotency.Answer render(List<MessageView> created, boolean batch) {
    if (batch)
      return new Idempotency.Answer(201, Json.GSON.toJson(Map.of("data", created)), null, false);
    MessageView message = created.get(0);
    return new Idempotency.Answer(
        201, Json.GSON.toJson(message), "/messages/" + message.id(), false);
  }
}
