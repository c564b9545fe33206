package com.wagateway.whatsapp;

import com.wagateway.contact.PhoneNumbers;
import com.wagateway.http.AdminToken;
import com.wagateway.http.ApiException;
import com.wagateway.http.JsonFields;
import com.wagateway.http.PathParams;
import com.wagateway.http.RequestBody;
import com.wagateway.http.Responses;
import com.wagateway.queue.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Linking by phone number instead of a QR, behind the admin token: {@code POST
 * /admin/whatsapp/pairing-code} (the default session) and {@code POST
 * /admin/sessions/{name}/pairing-code} (only {@code default} until several sessions run).
 */
public final class PairingHandlers {
  /** The one session of this instance, until sessions are routed by name. */
  public static final String DEFAULT_SESSION = "default";

  private final AdminToken admin;
  private final Sender sender;
  private final PhoneNumbers phones;

  public PairingHandlers(AdminToken admin, Sender sender, PhoneNumbers phones) {
    this.admin = admin;
    this.sender = sender;
    this.phones = phones;
  }

  /** {@code POST /admin/whatsapp/pairing-code {"phone": "+972..."}}. */
  public void pairingCode(HttpServerExchange exchange) {
    admin.require(exchange);
    answer(exchange, DEFAULT_SESSION);
  }

  /** {@code POST /admin/sessions/{name}/pairing-code {"phone": "+972..."}}. */
  public void sessionPairingCode(HttpServerExchange exchange) {
    admin.require(exchange);
    String name = PathParams.string(exchange, "name");
    if (!DEFAULT_SESSION.equals(name)) {
      throw ApiException.notFound(
          "No session named '" + name + "': this instance runs only the 'default' session");
    }
    answer(exchange, name);
  }

  private void answer(HttpServerExchange exchange, String session) {
    JsonFields fields = new JsonFields(RequestBody.object(exchange)).noNulls("phone");
    String phone = fields.phone("phone", true, phones);
    fields.throwIfInvalid();
    if (!(sender instanceof WhatsAppWebSender web)) {
      throw ApiException.conflict(
          "This instance does not use WhatsApp Web (WA_SENDER is not whatsapp-web): there is"
              + " nothing to link");
    }
    PairingResult result = web.pairingCode(phone);
    if (result instanceof PairingResult.Code code) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("session", session);
      body.put("phone", code.phone());
      body.put("code", code.code());
      body.put("code_display", code.display());
      body.put(
          "detail",
          "On the phone: WhatsApp > Settings > Linked devices > Link a device > Link with phone"
              + " number instead, then type the code. The page makes a new code every few"
              + " minutes; ask again for the current one");
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
      Responses.json(exchange, 200, body);
    } else if (result instanceof PairingResult.AlreadyLinked linked) {
      throw ApiException.conflict(
          "WhatsApp Web is not on its landing screen: the session is already linked (state "
              + linked.state()
              + "). Log it out on the phone first to link another number");
    } else if (result instanceof PairingResult.Refused refused) {
      throw ApiException.unprocessable(refused.reason(), List.of());
    } else if (result instanceof PairingResult.NotNow notNow) {
      throw ApiException.unavailable("No pairing code now: " + notNow.reason(), 5);
    }
  }
}
