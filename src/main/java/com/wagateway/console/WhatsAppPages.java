package com.wagateway.console;

import com.wagateway.client.Client;
import com.wagateway.client.ClientService;
import com.wagateway.contact.PhoneNumbers;
import com.wagateway.queue.Sender;
import com.wagateway.whatsapp.PairingResult;
import com.wagateway.whatsapp.QrCodes;
import com.wagateway.whatsapp.SessionStatus;
import com.wagateway.whatsapp.WhatsAppWebSender;
import java.util.List;

/**
 * {@code /console/whatsapp}: each session's state as it changes, the live QR to link it (it rotates
 * and the page follows), its last error, and restarting its browser.
 */
public final class WhatsAppPages {
  private final Sender sender;
  private final String instanceId;
  private final ClientService clients;
  private final PhoneNumbers phones;

  WhatsAppPages(Sender sender, String instanceId, ClientService clients, PhoneNumbers phones) {
    this.sender = sender;
    this.instanceId = instanceId;
    this.clients = clients;
    this.phones = phones;
  }

  public record View(Chrome chrome, Live live, Pairing pairing) {}

  /**
   * The "link with a phone number" form beside the QR: shown while WhatsApp Web runs; {@code code}
   * once the page gave one, {@code error} when it could not.
   */
  public record Pairing(
      boolean offered, String phone, String code, String error, String csrfToken) {}

  /** The part of the page that refreshes itself. */
  public record Live(List<SessionCard> sessions, String csrfToken) {}

  /** {@code GET /console/whatsapp}. */
  void page(ConsoleRequest request) {
    request.render(
        "whatsapp",
        new View(
            request.chrome("WhatsApp", "whatsapp"),
            live(request, true),
            new Pairing(
                sender instanceof WhatsAppWebSender,
                null,
                null,
                null,
                request.session().csrfToken())));
  }

  /**
   * {@code POST /console/whatsapp/pairing-code}: asks the landing screen for a pairing code for the
   * number in the form and shows it (the same flow as {@code POST /admin/whatsapp/pairing-code}).
   */
  void pairingCode(ConsoleRequest request) {
    String written = request.form().get("phone");
    String error = null;
    String code = null;
    String phone = written == null ? "" : written.strip();
    PhoneNumbers.Result r = phones.normalise(phone);
    if (r.e164().isEmpty()) {
      error = "Phone: " + r.problem();
    } else if (!(sender instanceof WhatsAppWebSender web)) {
      error = "This instance does not use WhatsApp Web (WA_SENDER is not whatsapp-web)";
    } else {
      PairingResult result = web.pairingCode(r.e164().get());
      if (result instanceof PairingResult.Code c) code = c.display();
      else if (result instanceof PairingResult.AlreadyLinked l)
        error =
            "WhatsApp Web is already linked (state " + l.state() + "): there is nothing to link";
      else if (result instanceof PairingResult.Refused refused) error = refused.reason();
      else if (result instanceof PairingResult.NotNow notNow) error = notNow.reason();
    }
    request.render(
        error == null ? 200 : 422,
        "whatsapp",
        new View(
            request.chrome("WhatsApp", "whatsapp"),
            live(request, true),
            new Pairing(
                sender instanceof WhatsAppWebSender,
                phone,
                code,
                error,
                request.session().csrfToken())));
  }

  /** {@code GET /console/whatsapp/live}: the sessions part alone, polled by the page. */
  void live(ConsoleRequest request) {
    request.render("partials/sessions", live(request, true));
  }

  /** {@code POST /console/whatsapp/restart}. */
  void restart(ConsoleRequest request) {
    if (!(sender instanceof WhatsAppWebSender web)) {
      throw new com.wagateway.domain.ConflictException(
          "This instance does not run a browser (WA_SENDER is not whatsapp-web): nothing to"
              + " restart");
    }
    web.restartBrowser("restarted from the console by " + request.session().operatorName());
    request.redirect("/console/whatsapp?done=restarting");
  }

  /**
   * {@code GET /console/whatsapp/qr.png}: the page's own picture of the QR, for the rare page whose
   * QR text could not be read (then the card cannot draw it itself).
   */
  void qrPicture(ConsoleRequest request) {
    byte[] png = sender instanceof WhatsAppWebSender web ? web.status().qrImage() : null;
    if (png == null) {
      throw new com.wagateway.domain.NotFoundException("No QR code is showing right now");
    }
    request.exchange().setStatusCode(200);
    request.exchange().getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, "image/png");
    request.exchange().getResponseSender().send(java.nio.ByteBuffer.wrap(png));
  }

  /**
   * The state's description, except that where the API's words point to {@code /admin/whatsapp/qr}
   * the console points to the code on its own page.
   */
  private static String describe(SessionStatus s) {
    return switch (s.state()) {
      case QR_REQUIRED -> "Not linked yet: scan the code with WhatsApp on the phone.";
      case LOGGED_OUT ->
          "The phone ended the link (or it expired): scan the new code to link again.";
      default -> s.state().description();
    };
  }

  private Live live(ConsoleRequest request, boolean withQr) {
    return new Live(sessions(withQr), request.session().csrfToken());
  }

  /**
   * The sessions of this instance. {@code withQr}: look at the page now, so a QR shown is the one
   * on screen (it rotates every few tens of seconds).
   */
  List<SessionCard> sessions(boolean withQr) {
    List<String> users = clients.list().stream().map(Client::name).toList();
    if (!(sender instanceof WhatsAppWebSender web)) {
      return List.of(
          new SessionCard(
              "default",
              sender.state(),
              "This instance does not use WhatsApp Web (WA_SENDER="
                  + (sender instanceof com.wagateway.queue.LogSender
                      ? "log: a dry run that logs messages instead of sending them"
                      : "another sender")
                  + ")",
              null,
              null,
              null,
              instanceId,
              null,
              false,
              null,
              null,
              false,
              users));
    }
    SessionStatus s = withQr ? web.freshStatus() : web.status();
    QrCodes.Svg qr = s.qrPayload() == null ? null : QrCodes.svg(s.qrPayload());
    return List.of(
        new SessionCard(
            "default",
            s.state().wireName(),
            describe(s),
            s.since(),
            s.lastError(),
            null,
            instanceId,
            qr,
            qr == null && s.qrImage() != null,
            s.browserRestarts(),
            s.browserStartedAt(),
            true,
            users));
  }
}
