package com.wagateway.whatsapp;

import java.time.Instant;

/**
 * Told of every change of a session's state, after it is logged. Webhooks and the console attach
 * here; the session's own code does not know who listens. Called on the thread that changed the
 * state, while the session holds its lock: a listener returns quickly and never calls back into the
 * session.
 */
@FunctionalInterface
public interface SessionStateListener {
  SessionStateListener NONE = change -> {};

  void stateChanged(Change change);

  /** One change: {@code detail} is the last error or the state's description, for people. */
  record Change(String session, SessionState from, SessionState to, String detail, Instant at) {}
}
