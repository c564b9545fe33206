package com.wagateway.message;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.wagateway.client.Caller;
import com.wagateway.client.Client;
import com.wagateway.client.RequestAuthenticator;
import com.wagateway.domain.FieldError;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.UnprocessableException;
import com.wagateway.http.ApiException;
import com.wagateway.http.CursorPage;
import com.wagateway.http.JsonFields;
import com.wagateway.http.PathParams;
import com.wagateway.http.ProblemHandler;
import com.wagateway.http.QueryParams;
import com.wagateway.http.RequestBody;
import com.wagateway.http.Responses;
import com.wagateway.http.Router;
import com.wagateway.json.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.LongFunction;

/**
 * The messages resource: the seed's {@code POST /send-message/}, {@code /messages} (create, list),
 * {@code /messages/batch} and {@code /messages/{id}} (read, cancel, retry).
 */
public final class MessageHandlers {
  private static final int MAX_BATCH = 1000;
  private static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private final RequestAuthenticator auth;
  private final MessageRequestReader requests;
  private final MessageService messages;
  private final MessageListing listing;
  private final MessageIntake intake;
  private final LongFunction<String> waitingFor;
  private final BiFunction<Client, Long, List<?>> eventsOf;
  private final MediaFromUrl mediaFromUrl;

  /** Fetches a message's {@code media_url} as the client's media; answers its id. */
  @FunctionalInterface
  public interface MediaFromUrl {
    long fetch(Client client, String url);
  }

  /**
   * {@code waitingFor}: the state of a message's own session (by message id) while that session
   * cannot send ("qr_required", "stopped"), null while it can.
   */
  public MessageHandlers(
      RequestAuthenticator auth,
      MessageRequestReader requests,
      MessageService messages,
      MessageListing listing,
      MessageIntake intake,
      LongFunction<String> waitingFor) {
    this(auth, requests, messages, listing, intake, waitingFor, (client, id) -> List.of());
  }

  /** {@code eventsOf}: the webhook events of a message, listed by {@code GET /messages/{id}}. */
  public MessageHandlers(
      RequestAuthenticator auth,
      MessageRequestReader requests,
      MessageService messages,
      MessageListing listing,
      MessageIntake intake,
      LongFunction<String> waitingFor,
      BiFunction<Client, Long, List<?>> eventsOf) {
    this(auth, requests, messages, listing, intake, waitingFor, eventsOf, null);
  }

  /** {@code mediaFromUrl}: how a {@code media_url} becomes a media (null: refused, 422). */
  public MessageHandlers(
      RequestAuthenticator auth,
      MessageRequestReader requests,
      MessageService messages,
      MessageListing listing,
      MessageIntake intake,
      LongFunction<String> waitingFor,
      BiFunction<Client, Long, List<?>> eventsOf,
      MediaFromUrl mediaFromUrl) {
    this.mediaFromUrl = mediaFromUrl;
    this.auth = auth;
    this.requests = requests;
    this.messages = messages;
    this.listing = listing;
    this.intake = intake;
    this.waitingFor = waitingFor;
    this.eventsOf = eventsOf;
  }

  /** Declares this feature's routes. */
  public void routes(Router router) {
    router
        .post("/send-message", this::sendMessage)
        .post("/send-message/", this::sendMessage)
        .post("/messages", this::create)
        .get("/messages", this::list)
        .post(
            "/messages/batch",
            this::batch,
            RequestBody.MAX_BATCH_BYTES,
            exchange -> auth.caller(exchange, null, null))
        .get("/messages/{id}", this::get)
        .delete("/messages/{id}", this::cancel)
        .post("/messages/{id}/retry", this::retry);
  }

  /** {@code POST /send-message/}: the seed's request, with {@code text} added. */
  public void sendMessage(HttpServerExchange exchange) {
    JsonObject body = RequestBody.object(exchange);
    JsonFields fields = new JsonFields(body);
    String bodyKey = fields.string("api_key", false, 500);
    String clientName = fields.string("client_name", false, 100);
    fields.throwIfInvalid();
    Caller caller = auth.caller(exchange, bodyKey, clientName);
    MessageDraft message = requests.read(fields, body);
    fields.throwIfInvalid();
    String key = idempotencyKey(exchange);
    message = withFetchedMedia(caller, message, new HashMap<>());
    answerWhenStored(exchange, caller, intake.one(caller, key, "send-message", body, message));
  }

  /** {@code POST /messages}. */
  public void create(HttpServerExchange exchange) {
    Caller caller = auth.caller(exchange, null, null);
    JsonObject body = RequestBody.object(exchange);
    JsonFields fields = new JsonFields(body);
    MessageDraft draft = requests.readDraft(fields, body);
    fields.throwIfInvalid();
    String key = idempotencyKey(exchange);
    draft = withFetchedMedia(caller, draft, new HashMap<>());
    answerWhenStored(exchange, caller, intake.one(caller, key, "messages", body, draft));
  }

  /** {@code POST /messages/batch}: {@code {"messages": [...]}}, all stored or none. */
  public void batch(HttpServerExchange exchange) {
    Caller caller = auth.caller(exchange, null, null);
    JsonObject body = RequestBody.object(exchange, RequestBody.MAX_BATCH_BYTES);
    JsonElement items = body.get("messages");
    if (items == null || !items.isJsonArray()) {
      throw new InvalidInputException(
          "messages", "is required: an array of 1 to " + MAX_BATCH + " messages");
    }
    JsonArray array = items.getAsJsonArray();
    if (array.isEmpty() || array.size() > MAX_BATCH) {
      throw new InvalidInputException(
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
    String key = idempotencyKey(exchange);
    Map<String, Long> fetched = new HashMap<>();
    List<BatchErrors.ItemError> unfetched = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      try {
        drafts.set(i, withFetchedMedia(caller, drafts.get(i), fetched));
      } catch (UnprocessableException e) {
        for (FieldError error : e.errors()) unfetched.add(new BatchErrors.ItemError(i, error));
      }
    }
    if (!unfetched.isEmpty()) throw BatchErrors.unprocessable(unfetched);
    answerWhenStored(exchange, caller, intake.batch(caller, key, "messages/batch", body, drafts));
  }

  /** {@code GET /messages}: newest first, filtered, one page. */
  public void list(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    QueryParams params = new QueryParams(exchange);
    MessageFilter filter = MessageFilter.from(params);
    int limit = params.limit();
    Long before = params.cursor();
    params.throwIfInvalid();
    Responses.json(exchange, 200, CursorPage.of(listing.list(client, filter, limit, before)));
  }

  /**
   * {@code GET /messages/{id}}: only the owner sees it; to anyone else it does not exist. A pending
   * message that waits for its own session (a QR to scan, a degraded or stopped session) says so in
   * {@code waiting_for}.
   */
  public void get(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    MessageView view = messages.get(client, PathParams.id(exchange, "id"));
    String waitingFor =
        view.status().equals(MessageStatus.PENDING.value())
            ? this.waitingFor.apply(view.id())
            : null;
    JsonObject body = Json.GSON.toJsonTree(view).getAsJsonObject();
    if (waitingFor != null) body.addProperty("waiting_for", waitingFor);
    body.add("events", Json.GSON.toJsonTree(eventsOf.apply(client, view.id())));
    Responses.json(exchange, 200, body);
  }

  /** {@code DELETE /messages/{id}}: cancels a pending message. */
  public void cancel(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    Responses.json(exchange, 200, messages.cancel(client, PathParams.id(exchange, "id")));
  }

  /** {@code POST /messages/{id}/retry}. */
  public void retry(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    Responses.json(exchange, 200, messages.retry(client, PathParams.id(exchange, "id")));
  }

  /**
   * The draft with its {@code media_url} fetched and stored as a media (each URL once per request);
   * unchanged without one.
   */
  private MessageDraft withFetchedMedia(
      Caller caller, MessageDraft draft, Map<String, Long> fetched) {
    if (draft.mediaUrl() == null) return draft;
    if (mediaFromUrl == null) {
      FieldError error = new FieldError("media_url", "is not taken by this server");
      throw new UnprocessableException("media_url: " + error.message(), List.of(error));
    }
    Long id = fetched.get(draft.mediaUrl());
    if (id == null) {
      id = mediaFromUrl.fetch(caller.client(), draft.mediaUrl());
      fetched.put(draft.mediaUrl(), id);
    }
    return draft.withMedia(id, draft.asDocument());
  }

  private static String idempotencyKey(HttpServerExchange exchange) {
    String key = exchange.getRequestHeaders().getFirst(Idempotency.HEADER);
    return key == null ? null : Idempotency.requireValid(key);
  }

  /**
   * Frees the request thread while the request waits for its group commit. A stored request is
   * answered on its connection's own I/O thread: an exchange completed by another thread makes that
   * I/O thread spin on the connection's state until the other thread has re-armed the connection
   * for the next request, and on two busy cores that thread is often preempted in between (a
   * profile at 64 connections found the I/O threads spinning there most of their time). A refusal
   * is answered on a request thread, as problem+json like every other answer.
   */
  private void answerWhenStored(
      HttpServerExchange exchange, Caller caller, CompletableFuture<Outcome> stored) {
    Executor requestThreads = exchange.getConnection().getWorker();
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () ->
            stored.whenComplete(
                (outcome, failure) ->
                    (failure == null ? exchange.getIoThread() : requestThreads)
                        .execute(() -> answer(exchange, caller, outcome, failure))));
  }

  private void answer(
      HttpServerExchange exchange, Caller caller, Outcome outcome, Throwable failure) {
    try {
      new ProblemHandler(
              ex -> {
                if (failure != null) throw refusal(ex, caller, failure);
                write(ex, outcome.answer());
              })
          .handleRequest(exchange);
    } finally {
      exchange.endExchange();
    }
  }

  private RuntimeException refusal(HttpServerExchange exchange, Caller caller, Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof KeyRevokedException) return auth.refusedLater(exchange, caller);
    if (cause instanceof StoreFailedException e) {
      return ApiException.unavailable(
          e.mayHaveCommitted()
              ? "The database failed while committing; the request may or may not have been"
                  + " stored. Retry it with the same Idempotency-Key to be sure."
              : "The database failed while storing this request; nothing was stored. Retry later.",
          5);
    }
    if (cause instanceof RuntimeException r) return r;
    throw (Error) cause;
  }

  private static void write(HttpServerExchange exchange, Idempotency.Answer answer) {
    if (answer.replayed()) Responses.header(exchange, REPLAYED_HEADER, "true");
    if (answer.location() != null) {
      exchange.getResponseHeaders().put(Headers.LOCATION, answer.location());
    }
    exchange.setStatusCode(answer.status());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
    exchange.getResponseSender().send(answer.body());
  }
}
