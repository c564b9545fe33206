package com.wagateway.message;

import com.google.gson.JsonObject;
import com.wagateway.client.Client;
import com.wagateway.client.RequestAuthenticator;
import com.wagateway.http.ApiException;
import com.wagateway.http.JsonFields;
import com.wagateway.http.RequestBody;
import com.wagateway.http.Responses;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;

/** HTTP handlers for messages: the seed's {@code POST /send-message/} and reading one back. */
public final class MessageHandlers {
  private final RequestAuthenticator auth;
  private final SendRequests requests;
  private final MessageService messages;
  private final MessageCreation creation;

  public MessageHandlers(RequestAuthenticator auth, SendRequests requests, MessageService messages) {
    this(auth, requests, messages, null);
  }

  /** {@code creation} null: no idempotency keys or quotas on the seed route. */
  public MessageHandlers(RequestAuthenticator auth, SendRequests requests, MessageService messages,
      MessageCreation creation) {
    this.auth = auth;
    this.requests = requests;
    this.messages = messages;
    this.creation = creation;
  }

  /** {@code POST /send-message/}: the seed's request, with {@code text} added. */
  public void sendMessage(HttpServerExchange exchange) {
    JsonObject body = RequestBody.object(exchange);
    JsonFields fields = new JsonFields(body);
    String bodyKey = fields.string("api_key", false, 500);
    String clientName = fields.string("client_name", false, 100);
    fields.throwIfInvalid();
    Client client = auth.authenticate(exchange, bodyKey, clientName);
    NewMessage message = requests.read(fields, body);
    fields.throwIfInvalid();
    if (creation != null) {
      creation.one(exchange, client, "send-message", body, MessageDraft.of(message));
      return;
    }
    MessageView created = messages.enqueue(client, message);
    exchange.getResponseHeaders().put(Headers.LOCATION, "/messages/" + created.id());
    Responses.json(exchange, 201, created);
  }

  /** {@code GET /messages/{id}}: only the owner sees it; to anyone else it does not exist. */
  public void getMessage(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    long id = pathId(exchange, "id");
    MessageView view = messages.find(client, id)
        .orElseThrow(() -> ApiException.notFound("No message " + id + " for this client"));
    Responses.json(exchange, 200, view);
  }

  static long pathId(HttpServerExchange exchange, String name) {
    String raw = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get(name);
    try {
      long id = Long.parseLong(raw);
      if (id > 0) return id;
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw ApiException.notFound("No such resource: '" + raw + "' is not an id");
  }
}
