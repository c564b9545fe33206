package com.wagateway.whatsapp;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.NoSuchSessionException;
import org.openqa.selenium.SessionNotCreatedException;
import org.openqa.selenium.WebDriverException;

/** What a driver error means: the browser gone for good, the site out of reach, or neither. */
final class BrowserErrors {
  private static final Pattern NET_ERROR = Pattern.compile("net::ERR_[A-Z0-9_]+");

  private BrowserErrors() {}

  /** The browser or its session is gone for good. */
  static boolean isDead(WebDriverException e) {
    if (e instanceof NoSuchSessionException || e instanceof SessionNotCreatedException) return true;
    if (netError(e) != null) return false;
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("not reachable")
        || m.contains("disconnected")
        || m.contains("crash")
        || m.contains("invalid session id")
        || m.contains("no such window")
        || m.contains("target window already closed")
        || m.contains("connection refused")
        || m.contains("session deleted");
  }

  /**
   * Chromium's network error ("net::ERR_NAME_NOT_RESOLVED") when a navigation could not reach the
   * site: the browser is fine, the network or the URL is not. Null for any other error.
   */
  static String netError(WebDriverException e) {
    Matcher m = NET_ERROR.matcher(String.valueOf(e.getMessage()));
    return m.find() ? m.group() : null;
  }

  /** The first line of the message: driver errors append pages of build and session facts. */
  static String brief(Throwable e) {
    String m = e.getMessage();
    if (m == null) return e.getClass().getSimpleName();
    int end = m.indexOf('\n');
    return (end < 0 ? m : m.substring(0, end)).strip();
  }
}
