package com.wagateway.console;

import com.wagateway.client.Client;
import com.wagateway.client.ClientService;
import com.wagateway.domain.PhoneNumbers;
import com.wagateway.http.Router;
import com.wagateway.queue.LogSender;
import com.wagateway.queue.Sender;
import com.wagateway.session.SessionService;
import com.wagateway.session.SessionView;
import com.wagateway.whatsapp.PairingResult;
import com.wagateway.whatsapp.QrCodes;
import com.wagateway.whatsapp.SessionStatus;
import com.wagateway.whatsapp.WhatsAppWebSender;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /console/whatsapp}: each session's state as it changes, the live QR to link it (it rotates
 * and the page follows), its last error, and restarting its browser.
 */
public final class WhatsAppPages {
  private final Supplier<Sender> senders;
  private final SessionService sessions;
  private final String instanceId;
  private final ClientService clients;
  private final PhoneNumbers phones;

  /**
   * {@code senders}: the {@code default} session's sender on this instance, asked each time; {@code
   * sessions} the other sessions (null: only {@code default}).
   */
  WhatsAppPages(
      Supplier<Sender> senders,
      SessionService sessions,
      String instanceId,
      ClientService clients,
      PhoneNumbers phones) {
    this.senders = senders;
    this.sessions = sessions;
    this.instanceId = instanceId;
    this.clients = clients;
    this.phones = phones;
  }

  /** Declares these pages under /console, behind {@code guard}. */
  void routes(Router router, Guard guard) {
    router
        .get("/console/whatsapp", guard.signedIn(this::page))
        .get("/console/whatsapp/live", guard.signedIn(this::live))
        .get("/console/whatsapp/qr.png", guard.signedIn(this::qrPicture))
        .post("/console/whatsapp/restart", guard.signedIn(this::restart))
        .post("/console/whatsapp/pairing-code", guard.signedIn(this::pairingCode))
        .post("/console/whatsapp/sessions", guard.signedIn(this::create))
        .post(
            "/console/whatsapp/sessions/{name}/restart",
            guard.signedIn(r -> command(r, SessionService.Command.RESTART)))
        .post(
            "/console/whatsapp/sessions/{name}/logout",
            guard.signedIn(r -> command(r, SessionService.Command.LOGOUT)))
        .post(
            "/console/whatsapp/sessions/{name}/resume",
            guard.signedIn(r -> command(r, SessionService.Command.RESUME)));
  }

  public record View(PageFrame frame, Live live, Pairing pairing) {}

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
    request.render("whatsapp", view(request, null, null, null));
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
    } else if (!(senders.get() instanceof WhatsAppWebSender web)) {
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
    request.render(error == null ? 200 : 422, "whatsapp", view(request, phone, code, error));
  }

  /**
   * The page, its pairing form showing {@code phone}, {@code code} and {@code error} (each may be
   * null).
   */
  private View view(ConsoleRequest request, String phone, String code, String error) {
    return new View(
        request.frame("WhatsApp", "whatsapp"),
        live(request, true),
        new Pairing(
            senders.get() instanceof WhatsAppWebSender,
            phone,
            code,
            error,
            request.signedIn().csrfToken()));
  }

  /** {@code GET /console/whatsapp/live}: the sessions part alone, polled by the page. */
  void live(ConsoleRequest request) {
    request.render("partials/sessions", live(request, true));
  }

  /** {@code POST /console/whatsapp/restart}. */
  void restart(ConsoleRequest request) {
    Sender sender = senders.get();
    if (!(sender instanceof WhatsAppWebSender web)) {
      throw new com.wagateway.domain.ConflictException(
          "This instance does not run a browser (WA_SENDER is not whatsapp-web): nothing to"
              + " restart");
    }
    web.restartBrowser("restarted from the console by " + request.signedIn().operatorName());
    request.redirect("/console/whatsapp?done=restarting");
  }

  /**
   * {@code GET /console/whatsapp/qr.png}: the page's own picture of the QR, for the rare page whose
   * QR text could not be read (then the card cannot draw it itself).
   */
  void qrPicture(ConsoleRequest request) {
    Sender sender = senders.get();
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
    return new Live(sessions(withQr), request.signedIn().csrfToken());
  }

  /**
   * The sessions of this instance. {@code withQr}: look at the page now, so a QR shown is the one
   * on screen (it rotates every few tens of seconds).
   */
  List<SessionCard> sessions(boolean withQr) {
    if (sessions != null && sessions.runsBrowsers()) return allSessions(withQr);
    List<String> users = clients.list().stream().map(Client::name).toList();
    Sender sender = senders.get();
    if (!(sender instanceof WhatsAppWebSender web)) {
      return List.of(
          new SessionCard(
              "default",
              sender.state(),
              "This instance does not use WhatsApp Web (WA_SENDER="
                  + (sender instanceof LogSender
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
              users,
              false));
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
            users,
            false));
  }

  /** Every session in the database: live from the browser when it runs here. */
  private List<SessionCard> allSessions(boolean withQr) {
    List<SessionCard> cards = new ArrayList<>();
    for (SessionView v : sessions.list()) {
      var local = sessions.local(v.name());
      if (local.isPresent()) {
        SessionStatus s = withQr ? local.get().freshStatus() : local.get().status();
        QrCodes.Svg qr = s.qrPayload() == null ? null : QrCodes.svg(s.qrPayload());
        cards.add(
            new SessionCard(
                v.name(),
                s.state().wireName(),
                describe(s),
                s.since(),
                s.lastError(),
                v.phone(),
                instanceId,
                qr,
                false,
                s.browserRestarts(),
                s.browserStartedAt(),
                // default keeps its restart form of old (POST /console/whatsapp/restart).
                v.name().equals("default"),
                v.clients(),
                true));
      } else {
        boolean running = v.instance() != null;
        cards.add(
            new SessionCard(
                v.name(),
                v.state(),
                running
                    ? "Runs on instance " + v.instance() + "."
                    : "No instance runs it now: one with room (WA_MAX_SESSIONS) takes it within"
                        + " a heartbeat.",
                null,
                v.last_error(),
                v.phone(),
                running ? v.instance() : "none",
                running && v.qr_available() ? QrCodes.svg(qrOf(v.name())) : null,
                false,
                null,
                null,
                false,
                v.clients(),
                running));
      }
    }
    return cards;
  }

  private String qrOf(String name) {
    return sessions.qrPayload(name);
  }

  /** {@code POST /console/whatsapp/sessions}: a new session named in the form. */
  void create(ConsoleRequest request) {
    sessions.create(request.form().get("name"));
    request.redirect("/console/whatsapp?done=session-created");
  }

  /** {@code POST /console/whatsapp/sessions/{name}/{restart,logout,resume}}. */
  void command(ConsoleRequest request, SessionService.Command command) {
    sessions.command(request.path("name"), command);
    request.redirect(
        "/console/whatsapp?done=session-" + command.name().toLowerCase(java.util.Locale.ROOT));
  }
}
