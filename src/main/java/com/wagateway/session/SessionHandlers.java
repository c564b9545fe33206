package com.wagateway.session;

import com.wagateway.config.ConfigException;
import com.wagateway.domain.UnprocessableException;
import com.wagateway.http.AdminToken;
import com.wagateway.http.JsonFields;
import com.wagateway.http.PathParams;
import com.wagateway.http.RequestBody;
import com.wagateway.http.Responses;
import com.wagateway.http.Router;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.Map;

/** {@code /admin/sessions}: the WhatsApp accounts, behind the admin token. */
public final class SessionHandlers {
  private final AdminToken admin;
  private final SessionService sessions;

  public SessionHandlers(AdminToken admin, SessionService sessions) {
    this.admin = admin;
    this.sessions = sessions;
  }

  /** Declares this feature's routes. */
  public void routes(Router router) {
    router
        .get("/admin/sessions", this::list)
        .post("/admin/sessions", this::create)
        .get("/admin/sessions/{name}", this::get)
        .delete("/admin/sessions/{name}", this::delete)
        .get("/admin/sessions/{name}/qr", this::qr)
        .post("/admin/sessions/{name}/restart", this::restart)
        .post("/admin/sessions/{name}/logout", this::logout)
        .post("/admin/sessions/{name}/resume", this::resume);
  }

  /** {@code POST /admin/sessions {"name": ...}}. */
  public void create(HttpServerExchange exchange) {
    admin.require(exchange);
    JsonFields fields = new JsonFields(RequestBody.object(exchange)).noNulls("name");
    String name = fields.string("name", true, 64);
    fields.throwIfInvalid();
    SessionView created = sessions.create(name);
    exchange.getResponseHeaders().put(Headers.LOCATION, "/admin/sessions/" + name);
    Responses.json(exchange, 201, created);
  }

  /** {@code GET /admin/sessions}. */
  public void list(HttpServerExchange exchange) {
    admin.require(exchange);
    noStore(exchange);
    Responses.json(exchange, 200, Map.of("data", sessions.list()));
  }

  /** {@code GET /admin/sessions/{name}}. */
  public void get(HttpServerExchange exchange) {
    admin.require(exchange);
    noStore(exchange);
    Responses.json(exchange, 200, sessions.get(name(exchange)));
  }

  /** {@code GET /admin/sessions/{name}/qr}: PNG. */
  public void qr(HttpServerExchange exchange) {
    admin.require(exchange);
    byte[] png = sessions.qr(name(exchange));
    noStore(exchange);
    exchange.setStatusCode(200);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "image/png");
    exchange.getResponseSender().send(ByteBuffer.wrap(png));
  }

  public void restart(HttpServerExchange exchange) {
    command(exchange, SessionService.Command.RESTART);
  }

  public void logout(HttpServerExchange exchange) {
    command(exchange, SessionService.Command.LOGOUT);
  }

  public void resume(HttpServerExchange exchange) {
    command(exchange, SessionService.Command.RESUME);
  }

  private void command(HttpServerExchange exchange, SessionService.Command command) {
    admin.require(exchange);
    SessionView view;
    try {
      view = sessions.command(name(exchange), command);
    } catch (ConfigException e) {
      throw new UnprocessableException(
          "The session stays as it was: " + e.getMessage() + "; fix the file and resume again");
    }
    Responses.json(exchange, 202, view);
  }

  /** {@code DELETE /admin/sessions/{name}}: refused while clients use it. */
  public void delete(HttpServerExchange exchange) {
    admin.require(exchange);
    sessions.delete(name(exchange));
    exchange.setStatusCode(204);
    exchange.endExchange();
  }

  private static String name(HttpServerExchange exchange) {
    return PathParams.string(exchange, "name");
  }

  private static void noStore(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
  }
}
