package com.wagateway.session;

import com.wagateway.domain.PhoneNumbers;
import com.wagateway.http.AdminToken;
import com.wagateway.http.ApiException;
import com.wagateway.http.JsonFields;
import com.wagateway.http.PathParams;
import com.wagateway.http.RequestBody;
import com.wagateway.http.Responses;
import com.wagateway.http.Router;
import com.wagateway.queue.Sender;
import com.wagateway.whatsapp.PairingResult;
import com.wagateway.whatsapp.WhatsAppWebSender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Linking by phone number instead of a QR, behind the admin token: {@code POST
 * /admin/whatsapp/pairing-code} (the {@code default} session) and {@code POST
 * /admin/sessions/{name}/pairing-code}. The code comes from the session's own page, so the instance
 * that runs the session's browser answers; another says where it runs.
 */
public final class PairingHandlers {
  private static final String DEFAULT_SESSION = "default";

  private final AdminToken admin;
  private final SessionService sessions;
  private final Supplier<Sender> defaultSession;
  private final PhoneNumbers phones;

  /** {@code defaultSession}: the {@code default} session's sender on this instance. */
  public PairingHandlers(
      AdminToken admin,
      SessionService sessions,
      Supplier<Sender> defaultSession,
      PhoneNumbers phones) {
    this.admin = admin;
    this.sessions = sessions;
    this.defaultSession = defaultSession;
    this.phones = phones;
  }

  /** Declares this feature's routes. */
  public void routes(Router router) {
    router
        .post("/admin/whatsapp/pairing-code", this::pairingCode)
        .post("/admin/sessions/{name}/pairing-code", this::sessionPairingCode);
  }

  /** {@code POST /admin/whatsapp/pairing-code {"phone": "+972..."}}. */
  public void pairingCode(HttpServerExchange exchange) {
    admin.require(exchange);
    answer(exchange, DEFAULT_SESSION);
  }

  /** {@code POST /admin/sessions/{name}/pairing-code {"phone": "+972..."}}. */
  public void sessionPairingCode(HttpServerExchange exchange) {
    admin.require(exchange);
    answer(exchange, PathParams.string(exchange, "name"));
  }

  private void answer(HttpServerExchange exchange, String session) {
    JsonFields fields = new JsonFields(RequestBody.object(exchange)).noNulls("phone");
    String phone = fields.phone("phone", true, phones);
    fields.throwIfInvalid();
    if (!sessions.runsBrowsers() && !(defaultSession.get() instanceof WhatsAppWebSender)) {
      throw ApiException.conflict(
          "This instance does not use WhatsApp Web (WA_SENDER is not whatsapp-web): there is"
              + " nothing to link");
    }
    SessionView view = sessions.get(session);
    Optional<WhatsAppWebSender> local =
        DEFAULT_SESSION.equals(session) && defaultSession.get() instanceof WhatsAppWebSender w
            ? Optional.of(w)
            : sessions.local(session);
    if (local.isEmpty()) {
      throw ApiException.conflict(
          "Session '"
              + session
              + "' does not run on this instance"
              + (view.instance() == null
                  ? " (no instance runs it yet)"
                  : " (it runs on " + view.instance() + ")")
              + ": ask the instance that runs its browser for the pairing code");
    }
    WhatsAppWebSender web = local.get();
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
