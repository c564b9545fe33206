package com.wagateway.message;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.wagateway.client.Client;
import com.wagateway.http.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where new messages come in: once per {@code Idempotency-Key} (the same key and request again
 * answer what the first answered), quota-checked, all or nothing, committed before the answer
 * exists. Answers what to reply; the handlers write it.
 */
public final class MessageIntake {
  private final Idempotency idempotency;
  private final MessageService messages;

  public MessageIntake(Idempotency idempotency, MessageService messages) {
    this.idempotency = idempotency;
    this.messages = messages;
  }

  /**
   * One message: 201 with the message and its Location. {@code key} null means no idempotency;
   * {@code request} identifies the request for a key's replay (the route and the body as sent).
   */
  public Idempotency.Answer one(
      Client client, String key, String route, JsonObject body, MessageDraft draft) {
    if (key == null) {
      // Nothing to remember or replay: the message alone, as cheaply as it can be stored.
      MessageView created = messages.createOne(client, draft);
      messages.enqueued();
      return created(created);
    }
    Idempotency.Answer answer =
        idempotency.once(
            client,
            key,
            fingerprint(route, body),
            tx -> created(messages.create(tx, client, List.of(draft), false).get(0)));
    if (!answer.replayed()) messages.enqueued();
    return answer;
  }

  /** A batch: 201 with {@code data}, the messages in the order they were sent. */
  public Idempotency.Answer batch(
      Client client, String key, String route, JsonObject body, List<MessageDraft> drafts) {
    Idempotency.Answer answer =
        idempotency.once(
            client,
            key,
            key == null ? null : fingerprint(route, body),
            tx ->
                new Idempotency.Answer(
                    201,
                    Json.GSON.toJson(Map.of("data", messages.create(tx, client, drafts, true))),
                    null,
                    false));
    if (!answer.replayed()) messages.enqueued();
    return answer;
  }

  private static Idempotency.Answer created(MessageView message) {
    return new Idempotency.Answer(
        201, Json.GSON.toJson(message), "/messages/" + message.id(), false);
  }

  /**
   * The route and the body as parsed, with object keys sorted: a reformatted or reordered but equal
   * body is the same request.
   */
  static String fingerprint(String route, JsonObject body) {
    JsonObject copy = body.deepCopy();
    // The seed's credentials in the body say who sends, not what is sent.
    copy.remove("api_key");
    copy.remove("client_name");
    return route + "\n" + Json.GSON.toJson(canonical(copy));
  }

  private static Object canonical(JsonElement element) {
    if (element.isJsonObject()) {
      Map<String, Object> sorted = new TreeMap<>();
      element
          .getAsJsonObject()
          .entrySet()
          .forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
      return sorted;
    }
    if (element.isJsonArray()) {
      return element.getAsJsonArray().asList().stream().map(MessageIntake::canonical).toList();
    }
    return element;
  }
}
