package com.wagateway.whatsapp;

import java.time.Instant;
import java.util.List;

/**
 * The session as the operator sees it ({@code GET /admin/whatsapp/status}). {@code qrPayload} is
 * the QR text while a QR shows; {@code qrImage} is the page's own picture of it, kept only when the
 * payload could not be read from the page. {@code missingSelectors}: while {@code degraded}, the
 * elements the page no longer shows.
 */
public record SessionStatus(
    SessionState state,
    Instant since,
    String qrPayload,
    byte[] qrImage,
    Instant browserStartedAt,
    Long browserStartupMillis,
    int browserRestarts,
    String lastError,
    List<String> missingSelectors) {

  static SessionStatus starting() {
    return new SessionStatus(
        SessionState.STARTING, Instant.now(), null, null, null, null, 0, null, List.of());
  }

  SessionStatus withState(SessionState newState, Instant now) {
    return new SessionStatus(
        newState,
        newState == state ? since : now,
        newState.showsQr() ? qrPayload : null,
        newState.showsQr() ? qrImage : null,
        browserStartedAt,
        browserStartupMillis,
        browserRestarts,
        lastError,
        newState == SessionState.DEGRADED ? missingSelectors : List.of());
  }

  SessionStatus withQr(String payload, byte[] image) {
    return new SessionStatus(
        state,
        since,
        payload,
        image,
        browserStartedAt,
        browserStartupMillis,
        browserRestarts,
        lastError,
        missingSelectors);
  }

  SessionStatus withError(String error) {
    return new SessionStatus(
        state,
        since,
        qrPayload,
        qrImage,
        browserStartedAt,
        browserStartupMillis,
        browserRestarts,
        error,
        missingSelectors);
  }

  SessionStatus withMissing(List<String> missing) {
    return new SessionStatus(
        state,
        since,
        qrPayload,
        qrImage,
        browserStartedAt,
        browserStartupMillis,
        browserRestarts,
        lastError,
        List.copyOf(missing));
  }

  SessionStatus withBrowser(Instant startedAt, long startupMillis, int restarts) {
    return new SessionStatus(
        state,
        since,
        qrPayload,
        qrImage,
        startedAt,
        startupMillis,
        restarts,
        lastError,
        missingSelectors);
  }
}
