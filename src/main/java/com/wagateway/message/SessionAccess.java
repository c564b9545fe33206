package com.wagateway.message;

import java.util.Set;

/**
 * Which of the sessions a request names its client may send from (besides its own, always allowed).
 * Asked before the request joins a group commit, only for requests that name a session.
 */
@FunctionalInterface
public interface SessionAccess {
  SessionAccess ANY = (clientId, named) -> named;

  /** The subset of {@code named} that client {@code clientId} may use. */
  Set<String> allowed(long clientId, Set<String> named);
}
