package com.wagateway.whatsapp;

import java.util.Locale;

/**
 * One generation of one element: a CSS selector and, optionally, a fragment the element's text must
 * contain (lower case), for the elements WhatsApp marks only by their words.
 */
public record Locator(String css, String text) {

  /** Parses {@code css} or {@code css @text=fragment}. */
  static Locator parse(String value) {
    int at = value.indexOf(" @text=");
    if (at < 0) return new Locator(value.strip(), null);
    return new Locator(
        value.substring(0, at).strip(),
        value.substring(at + " @text=".length()).strip().toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return text == null ? css : css + " @text=" + text;
  }
}
