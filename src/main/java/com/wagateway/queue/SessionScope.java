package com.wagateway.queue;

import java.util.Set;

/**
 * Whose messages the worker may claim now: any session's (a sender that needs no account of its
 * own, such as the log sender), or only those of the named sessions (the WhatsApp Web sessions this
 * instance runs and that are ready). A session left out holds back only its own messages.
 */
public record SessionScope(boolean any, Set<String> sessions) {
  public static final SessionScope ANY = new SessionScope(true, Set.of());
  public static final SessionScope NONE = new SessionScope(false, Set.of());

  public static SessionScope only(Set<String> sessions) {
    return sessions.isEmpty() ? NONE : new SessionScope(false, Set.copyOf(sessions));
  }

  /** Nothing may be claimed. */
  public boolean empty() {
    return !any && sessions.isEmpty();
  }
}
