package com.wagateway.message;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.wagateway.client.Client;
import com.wagateway.client.RequestAuthenticator;
import com.wagateway.http.ApiException;
import com.wagateway.http.FieldError;
import com.wagateway.http.JsonFields;
import com.wagateway.http.PathParams;
import com.wagateway.http.QueryParams;
import com.wagateway.http.RequestBody;
import com.wagateway.http.Responses;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.List;

/** The messages resource: create one or a batch, list, cancel, retry. */
public final class MessageApiHandlers {
  public static final int MAX_BATCH = 1000;

  private final RequestAuthenticator auth;
  private final SendRequests requests;
  private final MessageService messages;
  private final MessageListing listing;
  private final MessageCreation creation;

  public MessageApiHandlers(
      RequestAuthenticator auth,
      SendRequests requests,
      MessageService messages,
      MessageListing listing,
      MessageCreation creation) {
    this.auth = auth;
    this.requests = requests;
    this.messages = messages;
    this.listing = listing;
    this.creation = creation;
  }

  /** {@code POST /messages}. */
  public void create(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    JsonObject body = RequestBody.object(exchange);
    JsonFields fields = new JsonFields(body);
    MessageDraft draft = requests.readDraft(fields, body);
    fields.throwIfInvalid();
    creation.one(exchange, client, "messages", body, draft);
  }

  /** {@code POST /messages/batch}: {@code {"messages": [...]}}, all stored or none. */
  public void batch(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    JsonObject body = RequestBody.object(exchange, RequestBody.MAX_BATCH_BYTES);
    JsonElement items = body.get("messages");
    if (items == null || !items.isJsonArray()) {
      throw ApiException.invalid(
          "messages", "is required: an array of 1 to " + MAX_BATCH + " messages");
    }
    JsonArray array = items.getAsJsonArray();
    if (array.isEmpty() || array.size() > MAX_BATCH) {
      throw ApiException.invalid(
          "messages", "must hold 1 to " + MAX_BATCH + " messages (got " + array.size() + ")");
    }
    List<MessageDraft> drafts = new ArrayList<>(array.size());
    List<BatchErrors.ItemError> problems = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonElement item = array.get(i);
      if (!item.isJsonObject()) {
        problems.add(new BatchErrors.ItemError(i, new FieldError("", "must be an object")));
        continue;
      }
      JsonFields fields = new JsonFields(item.getAsJsonObject());
      MessageDraft draft = requests.readDraft(fields, item.getAsJsonObject());
      if (draft == null) {
        for (FieldError e : fields.errors()) problems.add(new BatchErrors.ItemError(i, e));
      }
      drafts.add(draft);
    }
    if (!problems.isEmpty()) throw BatchErrors.invalid(problems);
    creation.batch(exchange, client, "messages/batch", body, drafts);
  }

  /** {@code GET /messages}: newest first, filtered, one page. */
  public void list(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    QueryParams params = new QueryParams(exchange);
    MessageFilter filter = MessageFilter.from(params);
    int limit = params.limit();
    Long before = params.cursor();
    params.throwIfInvalid();
    Responses.json(exchange, 200, listing.list(client, filter, limit, before));
  }

  /** {@code DELETE /messages/{id}}. */
  public void cancel(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    Responses.json(exchange, 200, messages.cancel(client, PathParams.id(exchange, "id")));
  }

  /** {@code POST /messages/{id}/retry}. */
  public void retry(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    Responses.json(exchange, 200, messages.retry(client, PathParams.id(exchange, "id")));
  }
}
