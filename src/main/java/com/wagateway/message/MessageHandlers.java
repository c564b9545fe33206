package com.wagateway.message;

import com.google.gson.JsonObject;
import com.wagateway.client.Client;
import com.wagateway.client.RequestAuthenticator;
import com.wagateway.http.ApiException;
import com.wagateway.http.Json;
import com.wagateway.http.JsonFields;
import com.wagateway.http.PathParams;
import com.wagateway.http.RequestBody;
import com.wagateway.http.Responses;
import io.undertow.server.HttpServerExchange;
import java.util.function.Supplier;

/** HTTP handlers for messages: the seed's {@code POST /send-message/} and reading one back. */
public final class MessageHandlers {
  private final RequestAuthenticator auth;
  private final SendRequests requests;
  private final MessageService messages;
  private final MessageCreation creation;
  private final Supplier<String> sessionNotReady;

  /**
   * {@code sessionNotReady}: the sending session's state while it cannot send ("qr_required"), null
   * while it can.
   */
  public MessageHandlers(
      RequestAuthenticator auth,
      SendRequests requests,
      MessageService messages,
      MessageCreation creation,
      Supplier<String> sessionNotReady) {
    this.auth = auth;
    this.requests = requests;
    this.messages = messages;
    this.creation = creation;
    this.sessionNotReady = sessionNotReady;
  }

  /** {@code POST /send-message/}: the seed's request, with {@code text} added. */
  public void sendMessage(HttpServerExchange exchange) {
    JsonObject body = RequestBody.object(exchange);
    JsonFields fields = new JsonFields(body);
    String bodyKey = fields.string("api_key", false, 500);
    String clientName = fields.string("client_name", false, 100);
    fields.throwIfInvalid();
    Client client = auth.authenticate(exchange, bodyKey, clientName);
    MessageDraft message = requests.read(fields, body);
    fields.throwIfInvalid();
    creation.one(exchange, client, "send-message", body, message);
  }

  /**
   * {@code GET /messages/{id}}: only the owner sees it; to anyone else it does not exist. A pending
   * message that waits for the session (a QR to scan, a degraded session) says so in {@code
   * waiting_for}.
   */
  public void getMessage(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    long id = PathParams.id(exchange, "id");
    MessageView view =
        messages
            .find(client, id)
            .orElseThrow(() -> ApiException.notFound("No message " + id + " for this client"));
    String waitingFor =
        view.status().equals(MessageStatus.PENDING.value()) ? sessionNotReady.get() : null;
    if (waitingFor == null) {
      Responses.json(exchange, 200, view);
      return;
    }
    JsonObject body = Json.GSON.toJsonTree(view).getAsJsonObject();
    body.addProperty("waiting_for", waitingFor);
    Responses.json(exchange, 200, body);
  }
}
