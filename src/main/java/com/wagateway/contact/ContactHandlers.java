package com.wagateway.contact;

import com.wagateway.client.Client;
import com.wagateway.client.RequestAuthenticator;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.PhoneNumbers;
import com.wagateway.http.CursorPage;
import com.wagateway.http.JsonFields;
import com.wagateway.http.PathParams;
import com.wagateway.http.QueryParams;
import com.wagateway.http.RequestBody;
import com.wagateway.http.Responses;
import com.wagateway.http.Router;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** The contacts resource: {@code /contacts} and {@code /contacts/{id}}. */
public final class ContactHandlers {
  private final RequestAuthenticator auth;
  private final PhoneNumbers phones;
  private final ContactService contacts;

  public ContactHandlers(RequestAuthenticator auth, PhoneNumbers phones, ContactService contacts) {
    this.auth = auth;
    this.phones = phones;
    this.contacts = contacts;
  }

  /** Declares this feature's routes. */
  public void routes(Router router) {
    router
        .get("/contacts", this::list)
        .post("/contacts", this::create)
        .get("/contacts/{id}", this::get)
        .patch("/contacts/{id}", this::update)
        .delete("/contacts/{id}", this::delete);
  }

  /** {@code GET /contacts?name=&phone=&limit=&cursor=}. */
  public void list(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    QueryParams params = new QueryParams(exchange);
    String name = params.string("name", ContactService.MAX_NAME_LENGTH);
    String phone = params.phoneFragment("phone");
    int limit = params.limit();
    Long after = params.cursor();
    params.throwIfInvalid();
    Responses.json(exchange, 200, CursorPage.of(contacts.list(client, name, phone, limit, after)));
  }

  /** {@code POST /contacts}: {@code {"name", "phone"}}. */
  public void create(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    JsonFields fields = new JsonFields(RequestBody.object(exchange)).noNulls("name", "phone");
    String name = fields.nonBlank("name", true, ContactService.MAX_NAME_LENGTH);
    String phone = fields.phone("phone", true, phones);
    fields.throwIfInvalid();
    ContactView created = contacts.create(client, name.strip(), phone);
    exchange.getResponseHeaders().put(Headers.LOCATION, "/contacts/" + created.id());
    Responses.json(exchange, 201, created);
  }

  /** {@code GET /contacts/{id}}. */
  public void get(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    Responses.json(exchange, 200, contacts.get(client, PathParams.id(exchange, "id")));
  }

  /** {@code PATCH /contacts/{id}}: {@code name} and/or {@code phone}. */
  public void update(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    long id = PathParams.id(exchange, "id");
    JsonFields fields = new JsonFields(RequestBody.object(exchange)).noNulls("name", "phone");
    String name = fields.nonBlank("name", false, ContactService.MAX_NAME_LENGTH);
    String phone = fields.phone("phone", false, phones);
    fields.throwIfInvalid();
    if (name == null && phone == null) {
      throw new InvalidInputException("name", "send name and/or phone to change");
    }
    Responses.json(
        exchange, 200, contacts.update(client, id, name == null ? null : name.strip(), phone));
  }

  /** {@code DELETE /contacts/{id}}: 204, or 409 while messages to it are pending. */
  public void delete(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    contacts.delete(client, PathParams.id(exchange, "id"));
    exchange.setStatusCode(204);
    exchange.endExchange();
  }
}
