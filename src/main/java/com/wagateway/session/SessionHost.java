package com.wagateway.session;

import com.wagateway.config.Config;
import com.wagateway.maintenance.DaemonThreads;
import com.wagateway.maintenance.MonotonicClock;
import com.wagateway.queue.Handoff;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.queue.SendResult;
import com.wagateway.queue.Sender;
import com.wagateway.queue.SessionScope;
import com.wagateway.receipt.ReceiptLedger;
import com.wagateway.whatsapp.SessionState;
import com.wagateway.whatsapp.SessionStateListener;
import com.wagateway.whatsapp.SessionStatus;
import com.wagateway.whatsapp.WhatsAppWebSender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs this instance's WhatsApp sessions: takes up to {@code WA_MAX_SESSIONS} of them through
 * {@link SessionLeases}, one browser (one linked account) each, renews their leases on a heartbeat
 * of a third of {@code WA_SESSION_LEASE}, saves each login ({@link ProfileArchive}) after linking
 * and every {@code WA_PROFILE_SAVE_INTERVAL}, restores it when it takes a session over, and sends
 * each claimed message from its own session's account.
 *
 * <p>A session whose lease this instance could not renew in time may already run elsewhere: its
 * browser is stopped at once, so one account never runs in two places for longer than a lease.
 * Leases are on the database's clock; the injected {@link Clock} says when a renewal came too late
 * and when a login is saved.
 */
public final class SessionHost implements Sender {
  private static final Logger log = LoggerFactory.getLogger(SessionHost.class);

  /**
   * Chromium writes local storage to disk a few seconds after the page sets it; the first save
   * after linking waits this long (or the save interval, if shorter) so it holds the new token.
   */
  private static final Duration LINK_SETTLE = Duration.ofSeconds(10);

  private static final String SAVED_MARKER = ".wa-profile-saved-at";

  private final Config.WhatsApp whatsapp;
  private final Config.Sessions settings;
  private final SessionLeases leases;
  private final ProfileStore profiles;
  private final ProfileArchive archive;
  private final SessionStateListener listener;
  private final Config.Receipts receipts;
  private final ReceiptLedger ledger;
  private final Map<String, RunningSession> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService heartbeat;
  private final Object tickLock = new Object();
  private final Clock clock;
  private volatile Instant lastRenewed;
  private volatile boolean closed;

  public SessionHost(
      Config.WhatsApp whatsapp,
      Config.Sessions settings,
      SessionLeases leases,
      org.jooq.DSLContext db,
      SessionStateListener listener) {
    this(whatsapp, settings, leases, db, listener, Config.Receipts.OFF, ReceiptLedger.NONE);
  }

  /** As above, each session's browser following its sent messages' receipts into {@code ledger}. */
  public SessionHost(
      Config.WhatsApp whatsapp,
      Config.Sessions settings,
      SessionLeases leases,
      org.jooq.DSLContext db,
      SessionStateListener listener,
      Config.Receipts receipts,
      ReceiptLedger ledger) {
    this(whatsapp, settings, leases, db, listener, receipts, ledger, MonotonicClock.fromNow());
  }

  /** As above, heartbeat deadlines and login saves timed by {@code clock}. */
  public SessionHost(
      Config.WhatsApp whatsapp,
      Config.Sessions settings,
      SessionLeases leases,
      org.jooq.DSLContext db,
      SessionStateListener listener,
      Config.Receipts receipts,
      ReceiptLedger ledger,
      Clock clock) {
    this.clock = clock;
    this.lastRenewed = clock.instant();
    this.receipts = receipts;
    this.ledger = ledger;
    this.whatsapp = whatsapp;
    this.settings = settings;
    this.leases = leases;
    this.profiles = new ProfileStore(db, leases.instance());
    this.archive = new ProfileArchive(whatsapp.webUrl());
    this.listener = listener;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("session-host"));
  }

  public void start() {
    long every = Math.max(100, settings.lease().toMillis() / 3);
    // The first round at once: the sessions free now start before the API answers.
    runOnce();
    heartbeat.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
    log.info(
        "Session host {} started: runs up to {} WhatsApp sessions (WA_MAX_SESSIONS), lease {} ms"
            + " renewed every {} ms, logins saved every {} s",
        leases.instance(),
        settings.maxSessions(),
        settings.lease().toMillis(),
        every,
        settings.profileSaveInterval().toSeconds());
  }

  /**
   * One heartbeat: renew, obey commands, take free sessions, report, save logins. The heartbeat
   * thread runs it every third of a lease; tests call it after stepping the clock.
   */
  public void runOnce() {
    synchronized (tickLock) {
      if (closed) return;
      try {
        renew();
        claim();
        for (RunningSession r : running.values()) report(r);
      } catch (RuntimeException e) {
        log.warn(
            "Session heartbeat failed: {}; sessions keep running until their lease of {} s"
                + " passes, then stop (another instance may take them)",
            e.getMessage(),
            settings.lease().toSeconds());
        if (Duration.between(lastRenewed, clock.instant()).compareTo(settings.lease()) > 0) {
          for (String name : List.copyOf(running.keySet())) {
            log.warn(
                "Stopping WhatsApp session '{}': its lease could not be renewed in time", name);
            stop(name);
          }
        }
      }
    }
  }

  private void renew() {
    Instant started = clock.instant();
    Map<String, String> kept = leases.renew(running.keySet(), settings.lease());
    lastRenewed = started;
    for (String name : List.copyOf(running.keySet())) {
      if (!kept.containsKey(name)) {
        log.warn(
            "WhatsApp session '{}' is no longer held by this instance (its lease passed and"
                + " another took it); stopping its browser here",
            name);
        stop(name);
      }
    }
    kept.forEach(
        (name, command) -> {
          if (command != null) obey(name, command);
        });
  }

  private void claim() {
    int room = settings.maxSessions() - running.size();
    for (String name : leases.claim(room, settings.lease())) {
      try {
        launch(name);
      } catch (RuntimeException e) {
        log.error("WhatsApp session '{}' could not start here: {}", name, e.getMessage(), e);
        leases.release(name);
      }
    }
  }

  private void launch(String name) {
    Path profile = whatsapp.forSession(name).profileDir();
    restore(name, profile);
    MDC.put("session", name);
    try {
      log.info("Running WhatsApp session '{}' on this instance (profile {})", name, profile);
      running.put(name, new RunningSession(name, profile, newBrowser(name)));
    } finally {
      MDC.remove("session");
    }
  }

  private WhatsAppWebSender newBrowser(String name) {
    return new WhatsAppWebSender(whatsapp, name, listener, receipts, ledger);
  }

  /** Puts the saved login in place when it is newer than what the local profile has. */
  private void restore(String name, Path profile) {
    Optional<ProfileStore.Saved> saved = profiles.load(name);
    if (saved.isEmpty()) return;
    Instant savedAt = saved.get().savedAt().toInstant();
    Instant local = localSave(profile);
    if (local != null && !savedAt.isAfter(local)) return;
    archive.unpack(saved.get().zip(), profile);
    mark(profile, savedAt);
    log.info(
        "Restored the saved login of WhatsApp session '{}' ({} bytes, saved {}): no new scan"
            + " needed",
        name,
        saved.get().zip().length,
        savedAt);
  }

  private void report(RunningSession r) {
    SessionStatus s = r.sender.status();
    boolean ready = s.state() == SessionState.READY;
    if (ready && r.readySince == null) r.readySince = clock.instant();
    if (!ready) r.readySince = null;
    if (ready && r.phone == null) r.phone = r.sender.linkedPhone().orElse(null);
    if (r.changed(s.state().wireName(), r.phone, s.lastError(), s.qrPayload())) {
      leases.report(r.name, s.state().wireName(), r.phone, s.lastError(), s.qrPayload());
    }
    if (ready && saveDue(r)) save(r);
  }

  private boolean saveDue(RunningSession r) {
    Instant now = clock.instant();
    if (r.lastSaved == null) {
      Duration settle =
          LINK_SETTLE.compareTo(settings.profileSaveInterval()) < 0
              ? LINK_SETTLE
              : settings.profileSaveInterval();
      return !now.isBefore(r.readySince.plus(settle));
    }
    return !now.isBefore(r.lastSaved.plus(settings.profileSaveInterval()));
  }

  private void save(RunningSession r) {
    byte[] zip = archive.pack(r.profile);
    r.lastSaved = clock.instant();
    if (zip == null) return;
    profiles
        .save(r.name, zip)
        .ifPresent(
            at -> {
              // The database's clock: a restore compares it with the saved copy's.
              mark(r.profile, at.toInstant());
              log.debug("Saved the login of WhatsApp session '{}' ({} bytes)", r.name, zip.length);
            });
  }

  private void obey(String name, String command) {
    log.info("WhatsApp session '{}': operator asked to {}", name, command);
    switch (command) {
      case "restart" -> restart(name);
      case "resume" -> resume(name);
      case "logout" -> logout(name);
      default -> log.warn("WhatsApp session '{}': unknown command '{}' ignored", name, command);
    }
  }

  /** Whether this instance runs the session now. */
  public boolean runsHere(String name) {
    return running.containsKey(name);
  }

  /** The browser of a session this instance runs. */
  public Optional<WhatsAppWebSender> local(String name) {
    RunningSession r = running.get(name);
    return r == null ? Optional.empty() : Optional.of(r.sender);
  }

  /** The sessions this instance runs, by name. */
  public Collection<String> names() {
    return List.copyOf(running.keySet());
  }

  /** Quits the session's browser and starts it again on the same profile (no new scan). */
  public void restart(String name) {
    RunningSession r = running.get(name);
    if (r != null) r.sender.restartBrowser("restart asked by the operator");
  }

  /** Resumes a degraded session (re-reads WA_SELECTORS_FILE first). */
  public void resume(String name) {
    RunningSession r = running.get(name);
    if (r != null) r.sender.resume();
  }

  /**
   * Forgets the session's login here and in the database, and starts its browser again: the page
   * shows a new QR to link any phone.
   */
  public void logout(String name) {
    synchronized (tickLock) {
      RunningSession r = running.get(name);
      if (r == null) return;
      r.sender.close();
      archive.clear(r.profile);
      unmark(r.profile);
      profiles.save(name, null);
      r.phone = null;
      r.lastSaved = null;
      r.readySince = null;
      r.reported = null;
      leases.forgetPhone(name);
      r.sender = newBrowser(name);
      log.info("WhatsApp session '{}' logged out by the operator; a new QR will show", name);
    }
  }

  private void stop(String name) {
    RunningSession r = running.remove(name);
    if (r != null) r.sender.close();
  }

  // ---- Sender ----

  @Override
  public SendResult send(OutgoingMessage message, Handoff handoff) {
    RunningSession r = running.get(message.session());
    if (r == null) {
      return SendResult.transientFailure(
          "WhatsApp session '" + message.session() + "' is not run by this instance now");
    }
    MDC.put("session", r.name);
    try {
      SendResult result = r.sender.send(message, handoff);
      r.count(result);
      return result;
    } finally {
      MDC.remove("session");
    }
  }

  @Override
  public boolean answersForWhatsApp() {
    return true;
  }

  @Override
  public boolean ready() {
    for (RunningSession r : running.values()) if (r.sender.ready()) return true;
    return false;
  }

  @Override
  public boolean ready(String session) {
    RunningSession r = running.get(session);
    return r != null && r.sender.ready();
  }

  @Override
  public SessionScope scope() {
    Set<String> ready = new HashSet<>();
    for (RunningSession r : running.values()) if (r.sender.ready()) ready.add(r.name);
    return SessionScope.only(ready);
  }

  /**
   * The {@code default} session's state when it runs here, else the first running one's; {@code
   * no_session} while this instance runs none.
   */
  @Override
  public String state() {
    RunningSession r = representative();
    return r == null ? "no_session" : r.sender.state();
  }

  @Override
  public String detail() {
    RunningSession r = representative();
    if (r == null)
      return "This instance runs no WhatsApp session now (WA_MAX_SESSIONS="
          + settings.maxSessions()
          + "; sessions run elsewhere, or none is free): GET /admin/sessions";
    return r.sender.detail();
  }

  private RunningSession representative() {
    RunningSession d = running.get("default");
    if (d != null) return d;
    return running.values().stream().findFirst().orElse(null);
  }

  /** Each running session's figures, for the metrics. */
  public List<Figures> figures() {
    List<Figures> out = new ArrayList<>();
    for (RunningSession r : running.values()) {
      Map<String, Long> sends = new java.util.TreeMap<>();
      r.sends.forEach((k, v) -> sends.put(k, v.get()));
      out.add(
          new Figures(
              r.name, r.sender.state(), r.sender.ready(), sends, r.sender.pacingWaitNanos()));
    }
    return out;
  }

  /** One session's state, sends by result and time spent waiting for pacing. */
  public record Figures(
      String session, String state, boolean ready, Map<String, Long> sends, long pacingWaitNanos) {}

  /**
   * Saves each ready session's login one last time, stops the browsers and lets go of the sessions,
   * so another instance may take them at once.
   */
  @Override
  public void close() {
    synchronized (tickLock) {
      closed = true;
    }
    heartbeat.shutdownNow();
    for (RunningSession r : List.copyOf(running.values())) {
      boolean linked = r.sender.ready();
      // Quitting the browser writes what it still held in memory (local storage is written a few
      // seconds late): the last save comes after it.
      r.sender.close();
      try {
        if (linked) save(r);
      } catch (RuntimeException e) {
        log.warn("Could not save the login of WhatsApp session '{}': {}", r.name, e.getMessage());
      }
      try {
        leases.release(r.name);
      } catch (RuntimeException e) {
        log.warn(
            "Could not let go of WhatsApp session '{}' ({}); another instance takes it after its"
                + " lease",
            r.name,
            e.getMessage());
      }
    }
    running.clear();
  }

  private static Instant localSave(Path profile) {
    try {
      Path marker = profile.resolve(SAVED_MARKER);
      return Files.exists(marker) ? Instant.parse(Files.readString(marker).trim()) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void mark(Path profile, Instant at) {
    try {
      Files.createDirectories(profile);
      Files.writeString(profile.resolve(SAVED_MARKER), at.toString());
    } catch (IOException e) {
      log.debug("Could not mark the profile {} as saved: {}", profile, e.toString());
    }
  }

  private static void unmark(Path profile) {
    try {
      Files.deleteIfExists(profile.resolve(SAVED_MARKER));
    } catch (IOException e) {
      log.debug("Could not unmark the profile {}: {}", profile, e.toString());
    }
  }
}
