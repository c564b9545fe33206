package com.wagateway.session;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.CLIENT_ALLOWED_SESSION;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.db.schema.Tables.WA_SESSION;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import com.wagateway.db.schema.tables.records.WaSessionRecord;
import com.wagateway.domain.ConflictException;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.NotFoundException;
import com.wagateway.whatsapp.QrCodes;
import com.wagateway.whatsapp.SessionState;
import com.wagateway.whatsapp.SessionStatus;
import com.wagateway.whatsapp.WhatsAppWebSender;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * Sessions for the operator: create, list, read, delete (refused while clients use it or messages
 * wait for it), and the commands a running session takes (restart, logout, resume). A command for a
 * session that runs on another instance is left in the database for that instance's next heartbeat,
 * so any instance behind a load balancer answers.
 */
public final class SessionService {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** What an operator may ask of a running session. */
  public enum Command {
    RESTART,
    LOGOUT,
    RESUME;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final DSLContext db;
  private final SessionHost host;

  /** {@code host} null: this instance runs no browsers (WA_SENDER=log, or the CLI). */
  public SessionService(DSLContext db, SessionHost host) {
    this.db = db;
    this.host = host;
  }

  public SessionView create(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "name",
          "a session name is 1-64 characters: letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit");
    }
    try {
      db.insertInto(WA_SESSION).set(WA_SESSION.NAME, name).execute();
    } catch (IntegrityConstraintViolationException e) {
      throw new ConflictException("A session named '" + name + "' exists already");
    }
    return get(name);
  }

  public List<SessionView> list() {
    List<SessionView> out = new ArrayList<>();
    for (WaSessionRecord r : db.selectFrom(WA_SESSION).orderBy(WA_SESSION.NAME).fetch())
      out.add(view(r));
    return out;
  }

  public SessionView get(String name) {
    return view(row(name));
  }

  /** Deletes a session nobody uses; its browser, wherever it runs, stops on the next heartbeat. */
  public void delete(String name) {
    db.transaction(
        c -> {
          DSLContext tx = c.dsl();
          WaSessionRecord r =
              tx.selectFrom(WA_SESSION).where(WA_SESSION.NAME.eq(name)).forUpdate().fetchOne();
          if (r == null) throw notFound(name);
          List<String> users = clients(tx, name);
          List<String> allowed = allowedClients(tx, name);
          if (!users.isEmpty() || !allowed.isEmpty()) {
            throw new ConflictException(
                "Session '"
                    + name
                    + "' is in use: "
                    + (users.isEmpty() ? "" : "clients " + users + " send from it")
                    + (!users.isEmpty() && !allowed.isEmpty() ? "; " : "")
                    + (allowed.isEmpty() ? "" : "clients " + allowed + " may name it")
                    + ". Move them first with PATCH /admin/clients/{name} (session,"
                    + " allowed_sessions)");
          }
          int waiting = waiting(tx, name);
          if (waiting > 0) {
            throw new ConflictException(
                "Session '"
                    + name
                    + "' has "
                    + waiting
                    + " messages waiting to be sent from it; let them go out or cancel them"
                    + " first");
          }
          tx.deleteFrom(WA_SESSION).where(WA_SESSION.NAME.eq(name)).execute();
        });
  }

  /**
   * Runs the command here when this instance runs the session; else leaves it for the instance that
   * does. Refused while no instance runs it.
   */
  public SessionView command(String name, Command command) {
    if (host != null && host.runsHere(name)) {
      switch (command) {
        case RESTART -> host.restart(name);
        case LOGOUT -> host.logout(name);
        case RESUME -> host.resume(name);
      }
      return get(name);
    }
    int asked =
        db.update(WA_SESSION)
            .set(WA_SESSION.COMMAND, command.wireName())
            .where(WA_SESSION.NAME.eq(name))
            .and(WA_SESSION.LEASE_UNTIL.gt(currentOffsetDateTime()))
            .execute();
    if (asked == 0) {
      row(name);
      throw new ConflictException(
          "No instance runs session '"
              + name
              + "' now, so nothing can "
              + command.wireName()
              + " it; an instance with room (WA_MAX_SESSIONS) and WA_SENDER=whatsapp-web takes"
              + " it within its lease");
    }
    return get(name);
  }

  /** Whether this instance runs WhatsApp Web sessions (WA_SENDER=whatsapp-web). */
  public boolean runsBrowsers() {
    return host != null;
  }

  /** The QR payload the session's instance last reported; null while none shows. */
  public String qrPayload(String name) {
    return row(name).getQr();
  }

  /** The browser of the session when this instance runs it. */
  public Optional<WhatsAppWebSender> local(String name) {
    return host == null ? Optional.empty() : host.local(name);
  }

  /**
   * The QR to scan, as PNG: drawn fresh from the page when the session runs here, else from the
   * payload its instance last reported.
   */
  public byte[] qr(String name) {
    Optional<WhatsAppWebSender> local = local(name);
    if (local.isPresent()) {
      SessionStatus s = local.get().freshStatus();
      byte[] png = s.qrPayload() != null ? QrCodes.png(s.qrPayload()) : s.qrImage();
      if (png != null) return png;
      throw noQr(name, s.state().wireName());
    }
    WaSessionRecord r = row(name);
    if (r.getQr() != null) return QrCodes.png(r.getQr());
    throw noQr(name, r.getState());
  }

  private static NotFoundException noQr(String name, String state) {
    return new NotFoundException(
        "No QR code is showing for session '"
            + name
            + "' (state: "
            + state
            + ")"
            + (state.equals("ready") ? ": it is linked already" : "; try again in a few seconds"));
  }

  private WaSessionRecord row(String name) {
    WaSessionRecord r = db.selectFrom(WA_SESSION).where(WA_SESSION.NAME.eq(name)).fetchOne();
    if (r == null) throw notFound(name);
    return r;
  }

  /**
   * What the message {@code messageId} waits for: its own session's state while that session cannot
   * send ({@code stopped} when no instance holds it), null when it is ready or the message is gone.
   * Read from the session table, so every instance answers alike.
   */
  public String waitingFor(long messageId) {
    var r =
        db.select(WA_SESSION.STATE, WA_SESSION.LEASE_UNTIL, WA_SESSION.NAME)
            .from(MESSAGE_QUEUE)
            .join(WA_SESSION)
            .on(WA_SESSION.NAME.eq(MESSAGE_QUEUE.SESSION_NAME))
            .where(MESSAGE_QUEUE.ID.eq(messageId))
            .fetchOne();
    if (r == null) return null;
    // A session this instance runs answers from its browser: the table hears of a change a moment
    // later.
    var running = host == null ? null : host.local(r.value3()).orElse(null);
    if (running != null) return running.ready() ? null : running.state();
    boolean held = r.value2() != null && r.value2().toInstant().isAfter(java.time.Instant.now());
    String state = held ? r.value1() : SessionLeases.STOPPED;
    return state.equals(SessionState.READY.wireName()) ? null : state;
  }

  private SessionView view(WaSessionRecord r) {
    boolean held =
        r.getLeaseUntil() != null && r.getLeaseUntil().toInstant().isAfter(java.time.Instant.now());
    return new SessionView(
        r.getName(),
        held ? r.getState() : SessionLeases.STOPPED,
        r.getPhone(),
        held ? r.getInstanceId() : null,
        r.getLeaseUntil(),
        r.getHeartbeatAt(),
        r.getLastError(),
        held && r.getQr() != null,
        r.getProfileSavedAt(),
        r.getProfileSize(),
        clients(db, r.getName()),
        allowedClients(db, r.getName()),
        waiting(db, r.getName()),
        r.getCreatedAt());
  }

  private static List<String> clients(DSLContext db, String session) {
    return db.select(CLIENT.CLIENT_NAME)
        .from(CLIENT)
        .where(CLIENT.SESSION_NAME.eq(session))
        .orderBy(CLIENT.CLIENT_NAME)
        .fetch(CLIENT.CLIENT_NAME);
  }

  private static List<String> allowedClients(DSLContext db, String session) {
    return db.select(CLIENT.CLIENT_NAME)
        .from(CLIENT_ALLOWED_SESSION)
        .join(CLIENT)
        .on(CLIENT.ID.eq(CLIENT_ALLOWED_SESSION.CLIENT_ID))
        .where(CLIENT_ALLOWED_SESSION.SESSION_NAME.eq(session))
        .orderBy(CLIENT.CLIENT_NAME)
        .fetch(CLIENT.CLIENT_NAME);
  }

  private static int waiting(DSLContext db, String session) {
    return db.fetchCount(
        MESSAGE_QUEUE,
        MESSAGE_QUEUE.SESSION_NAME.eq(session).and(MESSAGE_QUEUE.STATUS.in("pending", "sending")));
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException("No session named '" + name + "'");
  }
}
