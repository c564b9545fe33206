package com.wagateway.admin;

import com.google.gson.JsonObject;
import com.wagateway.client.Client;
import com.wagateway.client.ClientDetails;
import com.wagateway.client.ClientService;
import com.wagateway.client.ClientSessions;
import com.wagateway.client.NewKey;
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
import com.wagateway.message.MessageFilter;
import com.wagateway.message.MessageListing;
import com.wagateway.message.QueueStats;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operator's API under {@code /admin}, behind {@code WA_ADMIN_TOKEN}: clients (the same {@link
 * ClientService} as the CLI's {@code client} subcommands), queue statistics and every client's
 * messages.
 */
public final class AdminHandlers {
  private static final int MAX_QUOTA = 100_000_000;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final AdminToken token;
  private final ClientService clients;
  private final QueueStats stats;
  private final MessageListing listing;
  private final ClientSessions sessions;

  public AdminHandlers(
      AdminToken token,
      ClientService clients,
      QueueStats stats,
      MessageListing listing,
      ClientSessions sessions) {
    this.token = token;
    this.clients = clients;
    this.stats = stats;
    this.listing = listing;
    this.sessions = sessions;
  }

  /** Declares this feature's routes. */
  public void routes(Router router) {
    router
        .get("/admin/clients", this::listClients)
        .post("/admin/clients", this::createClient)
        .get("/admin/clients/{name}", this::getClient)
        .patch("/admin/clients/{name}", this::updateClient)
        .delete("/admin/clients/{name}", this::deleteClient)
        .post("/admin/clients/{name}/rotate-key", this::rotateKey)
        .post("/admin/clients/{name}/disable", this::disable)
        .post("/admin/clients/{name}/enable", this::enable)
        .get("/admin/stats", this::stats)
        .get("/admin/messages", this::listMessages);
  }

  private ClientDetails details(Client c) {
    return ClientDetails.of(c, sessions.allowed(c.name()));
  }

  /** A client with its key in clear: only in the answer to create and rotate-key. */
  public record ClientWithKey(ClientDetails client, String api_key) {}

  /** {@code GET /admin/clients}. */
  public void listClients(HttpServerExchange exchange) {
    token.require(exchange);
    Responses.json(
        exchange, 200, Map.of("data", clients.list().stream().map(ClientDetails::of).toList()));
  }

  /** {@code POST /admin/clients}: {@code name}, optional {@code api_key} and quotas. */
  public void createClient(HttpServerExchange exchange) {
    token.require(exchange);
    JsonFields fields =
        new JsonFields(RequestBody.object(exchange))
            .noNulls("name", "api_key", "quota_per_minute", "quota_per_day");
    String name = fields.string("name", true, 100);
    String apiKey = fields.string("api_key", false, 200);
    Integer perMinute = fields.integer("quota_per_minute", 0, MAX_QUOTA);
    Integer perDay = fields.integer("quota_per_day", 0, MAX_QUOTA);
    fields.throwIfInvalid();
    NewKey created = clients.create(name, apiKey, perMinute, perDay);
    exchange.getResponseHeaders().put(Headers.LOCATION, "/admin/clients/" + name);
    Responses.json(exchange, 201, new ClientWithKey(details(created.client()), created.apiKey()));
  }

  /** {@code GET /admin/clients/{name}}. */
  public void getClient(HttpServerExchange exchange) {
    token.require(exchange);
    Responses.json(exchange, 200, details(clients.get(name(exchange))));
  }

  /**
   * {@code PATCH /admin/clients/{name}}: {@code quota_per_minute}, {@code quota_per_day} (null:
   * back to the default) and {@code active}.
   */
  public void updateClient(HttpServerExchange exchange) {
    token.require(exchange);
    String name = name(exchange);
    JsonObject body = RequestBody.object(exchange);
    JsonFields fields = new JsonFields(body).noNulls("active", "session", "allowed_sessions");
    boolean changePerMinute = body.has("quota_per_minute");
    boolean changePerDay = body.has("quota_per_day");
    Integer perMinute = fields.integer("quota_per_minute", 0, MAX_QUOTA);
    Integer perDay = fields.integer("quota_per_day", 0, MAX_QUOTA);
    Boolean active = fields.bool("active");
    String session = fields.string("session", false, 64);
    List<String> allowed = names(body, fields, "allowed_sessions");
    fields.throwIfInvalid();
    if (!changePerMinute && !changePerDay && active == null && session == null && allowed == null) {
      throw new InvalidInputException(
          "active",
          "send active, quota_per_minute, quota_per_day, session and/or allowed_sessions to"
              + " change");
    }
    if (session != null || allowed != null) sessions.set(name, session, allowed);
    if (active != null) clients.setActive(name, active);
    Client changed = clients.setQuotas(name, changePerMinute, perMinute, changePerDay, perDay);
    Responses.json(exchange, 200, details(changed));
  }

  /** An array of session names; null when the field is absent. */
  private static List<String> names(JsonObject body, JsonFields fields, String field) {
    if (!body.has(field) || body.get(field).isJsonNull()) return null;
    if (!body.get(field).isJsonArray()) {
      fields.error(field, "must be an array of session names");
      return null;
    }
    List<String> names = new ArrayList<>();
    for (var e : body.getAsJsonArray(field)) {
      if (!e.isJsonPrimitive()
          || !e.getAsJsonPrimitive().isString()
          || e.getAsString().isBlank()
          || e.getAsString().length() > 64) {
        fields.error(field, "must be an array of session names (1-64 characters each)");
        return null;
      }
      names.add(e.getAsString());
    }
    return names;
  }

  /** {@code DELETE /admin/clients/{name}}: the client, its contacts and its messages. */
  public void deleteClient(HttpServerExchange exchange) {
    token.require(exchange);
    String name = name(exchange);
    clients.delete(name);
    exchange.setStatusCode(204);
    exchange.endExchange();
  }

  /** {@code POST /admin/clients/{name}/rotate-key}: the old key stops working at once. */
  public void rotateKey(HttpServerExchange exchange) {
    token.require(exchange);
    String name = name(exchange);
    NewKey rotated = clients.rotateKey(name);
    Responses.json(exchange, 200, new ClientWithKey(details(rotated.client()), rotated.apiKey()));
  }

  /** {@code POST /admin/clients/{name}/disable}. */
  public void disable(HttpServerExchange exchange) {
    setActive(exchange, false);
  }

  /** {@code POST /admin/clients/{name}/enable}. */
  public void enable(HttpServerExchange exchange) {
    setActive(exchange, true);
  }

  private void setActive(HttpServerExchange exchange, boolean active) {
    token.require(exchange);
    String name = name(exchange);
    Responses.json(exchange, 200, details(clients.setActive(name, active)));
  }

  /** {@code GET /admin/stats}. */
  public void stats(HttpServerExchange exchange) {
    token.require(exchange);
    Responses.json(exchange, 200, stats.snapshot());
  }

  /** {@code GET /admin/messages}: the client filters plus {@code client} (a client name). */
  public void listMessages(HttpServerExchange exchange) {
    token.require(exchange);
    QueryParams params = new QueryParams(exchange);
    String client = params.string("client", 100);
    MessageFilter filter = MessageFilter.from(params);
    int limit = params.limit();
    Long before = params.cursor();
    params.throwIfInvalid();
    Responses.json(exchange, 200, CursorPage.of(listing.listAll(client, filter, limit, before)));
  }

  /** A name no client can have names no client: 404 without asking the database. */
  private static String name(HttpServerExchange exchange) {
    String name = PathParams.string(exchange, "name");
    if (!NAME.matcher(name).matches())
      throw ApiException.notFound("No client named '" + name + "'");
    return name;
  }
}
