package com.wagateway.whatsapp;

import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one session, and the one place it changes. The browser and the page say what they
 * show ({@link #pageShows}); the sends may stop the session ({@link #degrade}), which holds
 * whatever the page shows until an operator resumes. Every change is logged here.
 */
final class SessionTracker {
  private static final Logger log = LoggerFactory.getLogger(SessionTracker.class);

  private final String session;
  private final SessionStateListener listener;
  private volatile SessionStatus status = SessionStatus.starting();
  private SessionState pageState = SessionState.STARTING;
  private boolean degraded;

  SessionTracker(String session, SessionStateListener listener) {
    this.session = session;
    this.listener = listener;
  }

  /** The session's name, for log lines. */
  String session() {
    return session;
  }

  SessionStatus status() {
    return status;
  }

  boolean ready() {
    return status.state() == SessionState.READY;
  }

  /** What the browser or the page shows now. */
  synchronized void pageShows(SessionState state) {
    pageState = state;
    if (!degraded) moveTo(state);
  }

  synchronized SessionState pageState() {
    return pageState;
  }

  synchronized void error(String error) {
    status = status.withError(error);
  }

  synchronized void qr(String payload, byte[] image) {
    status = status.withQr(payload, image);
  }

  synchronized void browserStarted(Instant at, long startupMillis, int restarts) {
    status = status.withBrowser(at, startupMillis, restarts);
  }

  /** Stops sending until {@link #resume}: the sends could not be confirmed. */
  synchronized void degrade(String why, List<String> missing) {
    degraded = true;
    status = status.withMissing(missing).withError(why);
    moveTo(SessionState.DEGRADED);
  }

  synchronized boolean degraded() {
    return degraded;
  }

  /** The operator says the cause is fixed: back to what the page shows. */
  synchronized void resume() {
    if (!degraded) return;
    degraded = false;
    status = status.withError(null);
    log.info("WhatsApp session '{}' resumed by the operator", session);
    moveTo(pageState);
  }

  private void moveTo(SessionState state) {
    SessionStatus before = status;
    if (before.state() == state) return;
    status = before.withState(state, Instant.now());
    if (state == SessionState.READY) {
      log.info("WhatsApp session '{}' {} -> ready", session, before.state().wireName());
    } else if (state == SessionState.DEGRADED) {
      log.error(
          "WhatsApp session '{}' {} -> degraded: {}. {}",
          session,
          before.state().wireName(),
          status.lastError(),
          state.description());
    } else {
      log.warn(
          "WhatsApp session '{}' {} -> {}: {}",
          session,
          before.state().wireName(),
          state.wireName(),
          state.description());
    }
    String detail = state == SessionState.DEGRADED ? status.lastError() : state.description();
    listener.stateChanged(
        new SessionStateListener.Change(session, before.state(), state, detail, status.since()));
  }
}
