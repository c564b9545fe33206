package com.wagateway.numbers;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.wagateway.client.Client;
import com.wagateway.client.RequestAuthenticator;
import com.wagateway.contact.ContactService;
import com.wagateway.contact.ContactView;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.http.PathParams;
import com.wagateway.http.RequestBody;
import com.wagateway.http.Responses;
import com.wagateway.http.Router;
import io.undertow.server.HttpServerExchange;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code POST /numbers/check} and {@code GET /contacts/{id}/whatsapp}: is it on WhatsApp? */
public final class NumberHandlers {
  private final RequestAuthenticator auth;
  private final NumberService numbers;
  private final ContactService contacts;

  public NumberHandlers(RequestAuthenticator auth, NumberService numbers, ContactService contacts) {
    this.auth = auth;
    this.numbers = numbers;
    this.contacts = contacts;
  }

  /** Declares this feature's routes. */
  public void routes(Router router) {
    router.get("/contacts/{id}/whatsapp", this::contact).post("/numbers/check", this::check);
  }

  /** The answer for one contact's number. */
  public record ContactOnWhatsApp(
      long contact_id,
      String phone,
      Boolean on_whatsapp,
      OffsetDateTime checked_at,
      String source,
      String detail) {}

  /** {@code POST /numbers/check {"phones": [...]}}: up to 50 numbers, one answer each. */
  public void check(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    JsonObject body = RequestBody.object(exchange);
    JsonElement list = body.get("phones");
    if (list == null || list.isJsonNull())
      throw new InvalidInputException(
          "phones", "is required: a list of up to " + NumberService.MAX_PHONES + " phone numbers");
    if (!list.isJsonArray())
      throw new InvalidInputException("phones", "must be a list of phone numbers");
    List<String> written = new ArrayList<>();
    for (JsonElement e : list.getAsJsonArray()) {
      written.add(
          e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null);
    }
    Responses.json(
        exchange, 200, Map.of("numbers", numbers.check(client.session(), "phones", written)));
  }

  /** {@code GET /contacts/{id}/whatsapp}. */
  public void contact(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    ContactView contact = contacts.get(client, PathParams.id(exchange, "id"));
    NumberStatus s = numbers.checkE164(client.session(), List.of(contact.phone())).get(0);
    Responses.json(
        exchange,
        200,
        new ContactOnWhatsApp(
            contact.id(), s.phone(), s.on_whatsapp(), s.checked_at(), s.source(), s.detail()));
  }
}
