package com.wagateway.whatsapp;

import java.time.Instant;

/**
 * The session as the operator sees it ({@code GET /admin/whatsapp/status}). {@code qrPayload} is
 * the QR text while a QR shows; {@code qrImage} is the page's own picture of it, kept only when the
 * payload could not be read from the page.
 */
public record SessionStatus(
    SessionState state,
    Instant since,
    String qrPayload,
    byte[] qrImage,
    Instant browserStartedAt,
    Long browserStartupMillis,
    int browserRestarts,
    String lastError) {

  SessionStatus withState(SessionState newState, Instant now) {
    return new SessionStatus(
        newState,
        newState == state ? since : now,
        newState.showsQr() ? qrPayload : null,
        newState.showsQr() ? qrImage : null,
        browserStartedAt,
        browserStartupMillis,
        browserRestarts,
        lastError);
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
        lastError);
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
        error);
  }

  SessionStatus withBrowser(Instant startedAt, long startupMillis, int restarts) {
    return new SessionStatus(
        state, since, qrPayload, qrImage, startedAt, startupMillis, restarts, lastError);
  }
}
