package com.wagateway.webhook;

import java.time.OffsetDateTime;
import java.util.List;

/** Which secrets sign now: the current one, and the previous one until its overlap ends. */
final class Secrets {
  private Secrets() {}

  static List<String> signing(
      String current, String previous, OffsetDateTime previousUntil, OffsetDateTime now) {
    if (previous != null && previousUntil != null && previousUntil.isAfter(now))
      return List.of(current, previous);
    return List.of(current);
  }
}
