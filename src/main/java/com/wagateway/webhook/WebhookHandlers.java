package com.wagateway.webhook;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.http.AdminToken;
import com.wagateway.http.ApiException;
import com.wagateway.http.CursorPage;
import com.wagateway.http.JsonFields;
import com.wagateway.http.PathParams;
import com.wagateway.http.QueryParams;
import com.wagateway.http.RequestBody;
import com.wagateway.http.Responses;
import com.wagateway.http.Router;
import com.wagateway.net.OutboundUrls;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's webhook routes under {@code /admin/clients/{name}/webhooks} and the client's
 * callback secret, behind {@code WA_ADMIN_TOKEN}.
 */
public final class WebhookHandlers {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final int MAX_EVENTS = 20;

  private final AdminToken token;
  private final WebhookService webhooks;

  public WebhookHandlers(AdminToken token, WebhookService webhooks) {
    this.token = token;
    this.webhooks = webhooks;
  }

  /** Declares this feature's routes. */
  public void routes(Router router) {
    router
        .post("/admin/clients/{name}/webhooks", this::create)
        .get("/admin/clients/{name}/webhooks", this::list)
        .get("/admin/clients/{name}/webhooks/{id}", this::get)
        .patch("/admin/clients/{name}/webhooks/{id}", this::update)
        .delete("/admin/clients/{name}/webhooks/{id}", this::delete)
        .post("/admin/clients/{name}/webhooks/{id}/rotate-secret", this::rotateSecret)
        .get("/admin/clients/{name}/webhooks/{id}/deliveries", this::deliveries)
        .post("/admin/clients/{name}/webhooks/{id}/redeliver", this::redeliver)
        .post("/admin/clients/{name}/callback-secret", this::rotateCallbackSecret);
  }

  /** An endpoint with its secret in clear: only in the answer to create and rotate-secret. */
  record WithSecret(
      long id,
      String client,
      String url,
      List<String> events,
      boolean enabled,
      String disabled_reason,
      OffsetDateTime failing_since,
      OffsetDateTime previous_secret_until,
      OffsetDateTime created_at,
      String secret) {
    static WithSecret of(Endpoint.NewSecret n) {
      Endpoint e = n.endpoint();
      return new WithSecret(
          e.id(),
          e.client(),
          e.url(),
          e.events(),
          e.enabled(),
          e.disabled_reason(),
          e.failing_since(),
          e.previous_secret_until(),
          e.created_at(),
          n.secret());
    }
  }

  /** {@code POST /admin/clients/{name}/webhooks}: {@code url}, optional {@code events}. */
  public void create(HttpServerExchange exchange) {
    token.require(exchange);
    String name = name(exchange);
    JsonObject body = RequestBody.object(exchange);
    JsonFields fields = new JsonFields(body).noNulls("url", "events");
    String url = fields.string("url", true, OutboundUrls.MAX_LENGTH);
    List<String> events = events(body, fields);
    fields.throwIfInvalid();
    Endpoint.NewSecret created = webhooks.create(name, url, events);
    exchange
        .getResponseHeaders()
        .put(Headers.LOCATION, "/admin/clients/" + name + "/webhooks/" + created.endpoint().id());
    Responses.json(exchange, 201, WithSecret.of(created));
  }

  /** {@code GET /admin/clients/{name}/webhooks}. */
  public void list(HttpServerExchange exchange) {
    token.require(exchange);
    Responses.json(exchange, 200, Map.of("data", webhooks.list(name(exchange))));
  }

  /** {@code GET /admin/clients/{name}/webhooks/{id}}. */
  public void get(HttpServerExchange exchange) {
    token.require(exchange);
    Responses.json(exchange, 200, webhooks.get(name(exchange), PathParams.id(exchange, "id")));
  }

  /**
   * {@code PATCH /admin/clients/{name}/webhooks/{id}}: {@code url}, {@code events}, {@code
   * enabled}.
   */
  public void update(HttpServerExchange exchange) {
    token.require(exchange);
    String name = name(exchange);
    long id = PathParams.id(exchange, "id");
    JsonObject body = RequestBody.object(exchange);
    JsonFields fields = new JsonFields(body).noNulls("url", "events", "enabled");
    String url = fields.string("url", false, OutboundUrls.MAX_LENGTH);
    List<String> events = events(body, fields);
    Boolean enabled = fields.bool("enabled");
    fields.throwIfInvalid();
    if (url == null && events == null && enabled == null)
      throw new InvalidInputException("url", "send url, events and/or enabled to change");
    Responses.json(exchange, 200, webhooks.update(name, id, url, events, enabled));
  }

  /** {@code DELETE /admin/clients/{name}/webhooks/{id}}. */
  public void delete(HttpServerExchange exchange) {
    token.require(exchange);
    webhooks.delete(name(exchange), PathParams.id(exchange, "id"));
    exchange.setStatusCode(204);
    exchange.endExchange();
  }

  /** {@code POST /admin/clients/{name}/webhooks/{id}/rotate-secret}. */
  public void rotateSecret(HttpServerExchange exchange) {
    token.require(exchange);
    Endpoint.NewSecret rotated =
        webhooks.rotateSecret(name(exchange), PathParams.id(exchange, "id"));
    Responses.json(exchange, 200, WithSecret.of(rotated));
  }

  /** {@code GET /admin/clients/{name}/webhooks/{id}/deliveries?state=}. */
  public void deliveries(HttpServerExchange exchange) {
    token.require(exchange);
    String name = name(exchange);
    long id = PathParams.id(exchange, "id");
    QueryParams params = new QueryParams(exchange);
    String state = params.oneOf("state", Set.copyOf(WebhookService.STATES));
    int limit = params.limit();
    Long before = params.cursor();
    params.throwIfInvalid();
    Responses.json(
        exchange, 200, CursorPage.of(webhooks.deliveries(name, id, state, limit, before)));
  }

  /**
   * {@code POST /admin/clients/{name}/webhooks/{id}/redeliver}: {@code {"delivery_id": n}} for one
   * dead delivery, an empty body (or {@code {}}) for all of them.
   */
  public void redeliver(HttpServerExchange exchange) {
    token.require(exchange);
    String name = name(exchange);
    long id = PathParams.id(exchange, "id");
    Long deliveryId = null;
    if (RequestBody.bytes(exchange).length > 0) {
      JsonFields fields = new JsonFields(RequestBody.object(exchange)).noNulls("delivery_id");
      deliveryId = fields.positiveLong("delivery_id", false);
      fields.throwIfInvalid();
    }
    Responses.json(exchange, 200, Map.of("redelivered", webhooks.redeliver(name, id, deliveryId)));
  }

  /** {@code POST /admin/clients/{name}/callback-secret}: makes or rotates it; shown this once. */
  public void rotateCallbackSecret(HttpServerExchange exchange) {
    token.require(exchange);
    Responses.json(exchange, 200, webhooks.rotateCallbackSecret(name(exchange)));
  }

  private static List<String> events(JsonObject body, JsonFields fields) {
    if (!body.has("events") || body.get("events").isJsonNull()) return null;
    JsonElement e = body.get("events");
    if (!e.isJsonArray() || e.getAsJsonArray().size() > MAX_EVENTS) {
      fields.error("events", "must be an array of event types (empty: all of them)");
      return null;
    }
    List<String> events = new ArrayList<>();
    for (JsonElement item : e.getAsJsonArray()) {
      if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
        fields.error("events", "must hold only strings such as \"message.sent\"");
        return null;
      }
      events.add(item.getAsString());
    }
    return events;
  }

  /** A name no client can have names no client: 404 without asking the database. */
  private static String name(HttpServerExchange exchange) {
    String name = PathParams.string(exchange, "name");
    if (!NAME.matcher(name).matches())
      throw ApiException.notFound("No client named '" + name + "'");
    return name;
  }
}
