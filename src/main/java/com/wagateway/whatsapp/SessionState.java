package com.wagateway.whatsapp;

import java.util.Locale;

/**
 * Where a WhatsApp Web session stands, as read from the page (and, for {@link #DEGRADED}, from the
 * sends). Only {@link #READY} sends.
 */
public enum SessionState {
  /** The browser is starting or the app is loading. */
  STARTING("WhatsApp Web is loading"),
  /** Not linked yet: a QR code waits to be scanned. */
  QR_REQUIRED(
      "Scan the QR code with WhatsApp on the phone (Linked devices): GET /admin/whatsapp/qr"
          + " or the QR printed in the log; without a camera, POST /admin/whatsapp/pairing-code"
          + " {\"phone\": ...} and type the code on the phone"),
  /** Logged in; messages go. */
  READY("Logged in and sending"),
  /** The phone ended the session (or it expired): a new QR scan is needed. */
  LOGGED_OUT("The session was logged out; scan the new QR code: GET /admin/whatsapp/qr"),
  /**
   * WhatsApp is open in another browser; "Use here" is clicked only with
   * WA_WHATSAPP_TAKE_OVER=true.
   */
  TAKEN_OVER(
      "WhatsApp is open on another computer or browser; close it there, or set"
          + " WA_WHATSAPP_TAKE_OVER=true to click \"Use here\""),
  /** Chromium is not running (crashed, hung or failed to start); it is restarted with backoff. */
  BROWSER_DOWN("The browser is down and is being restarted"),
  /**
   * Chromium runs but WhatsApp Web cannot be reached (DNS, connection refused, proxy): the page is
   * Chromium's own error page. Tried again with backoff.
   */
  SITE_UNREACHABLE(
      "The browser runs but cannot reach WhatsApp Web (DNS, connection refused, proxy; see"
          + " last_error); check the network and WA_WHATSAPP_WEB_URL. Tried again with backoff"),
  /**
   * Several sends in a row got no confirmation from the page: it has probably changed under the
   * selectors. Nothing is sent until an operator resumes.
   */
  DEGRADED(
      "Sending stopped: several sends in a row got no tick from the page, which has probably"
          + " changed under the selectors. Check on the phone whether the unconfirmed messages"
          + " arrived, fix the selectors (GET /admin/whatsapp/selectors, WA_SELECTORS_FILE), then"
          + " POST /admin/whatsapp/resume");

  private final String description;

  SessionState(String description) {
    this.description = description;
  }

  /** What the operator should know or do. */
  public String description() {
    return description;
  }

  /** The name in logs and JSON: "qr_required". */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean showsQr() {
    return this == QR_REQUIRED || this == LOGGED_OUT;
  }
}
