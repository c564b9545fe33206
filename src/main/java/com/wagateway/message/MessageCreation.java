package com.wagateway.message;

import com.google.gson.JsonObject;
import com.wagateway.client.Client;
import com.wagateway.http.Json;
import com.wagateway.http.Responses;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.List;
import java.util.Map;

/**
 * The one way messages are created over HTTP: idempotent (with {@code Idempotency-Key}),
 * quota-checked and all-or-nothing in one transaction, then the answer written or replayed.
 */
public final class MessageCreation {
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private final Idempotency idempotency;
  private final MessageService messages;

  public MessageCreation(Idempotency idempotency, MessageService messages) {
    this.idempotency = idempotency;
    this.messages = messages;
  }

  /** One message: 201 with the message and its Location. */
  public void one(
      HttpServerExchange exchange,
      Client client,
      String route,
      JsonObject body,
      MessageDraft draft) {
    String key = Idempotency.key(exchange);
    if (key == null) {
      // Nothing to remember or replay: the message alone, as cheaply as it can be stored.
      MessageView created = messages.createOne(client, draft);
      write(
          exchange,
          new Idempotency.Answer(
              201, Json.GSON.toJson(created), "/messages/" + created.id(), false));
      return;
    }
    Idempotency.Answer answer =
        idempotency.once(
            client,
            key,
            fingerprint(route, body),
            tx -> {
              MessageView created = messages.create(tx, client, List.of(draft), false).get(0);
              return new Idempotency.Answer(
                  201, Json.GSON.toJson(created), "/messages/" + created.id(), false);
            });
    write(exchange, answer);
  }

  /** A batch: 201 with {@code data}, the messages in the order they were sent. */
  public void batch(
      HttpServerExchange exchange,
      Client client,
      String route,
      JsonObject body,
      List<MessageDraft> drafts) {
    String key = Idempotency.key(exchange);
    // The fingerprint (a copy of the body, serialised) only matters with a key.
    Idempotency.Answer answer =
        idempotency.once(
            client,
            key,
            key == null ? null : fingerprint(route, body),
            tx -> {
              List<MessageView> created = messages.create(tx, client, drafts, true);
              return new Idempotency.Answer(
                  201, Json.GSON.toJson(Map.of("data", created)), null, false);
            });
    write(exchange, answer);
  }

  private void write(HttpServerExchange exchange, Idempotency.Answer answer) {
    if (answer.replayed()) {
      Responses.header(exchange, REPLAYED_HEADER, "true");
    } else {
      messages.enqueued();
    }
    if (answer.location() != null)
      exchange.getResponseHeaders().put(Headers.LOCATION, answer.location());
    exchange.setStatusCode(answer.status());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
    exchange.getResponseSender().send(answer.body());
  }

  /** The route and the body as parsed: a reformatted but equal body is the same request. */
  private static String fingerprint(String route, JsonObject body) {
    JsonObject copy = body.deepCopy();
    // The seed's credentials in the body say who sends, not what is sent.
    copy.remove("api_key");
    copy.remove("client_name");
    return route + "\n" + Json.GSON.toJson(copy);
  }
}
