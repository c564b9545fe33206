package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import org.openqa.selenium.WebDriver;

/**
 * What one way of opening a chat found: the chat open (its compose box focused), the number not on
 * WhatsApp, this way unavailable now (the next way is tried), this way started a change of chat
 * that did not finish (only a reload may follow), or a failure that ends the attempt (retried
 * later).
 */
sealed interface OpeningResult {

  /**
   * {@code how}: the way's wire name, or {@code "open_chat"} for the chat that was open already;
   * {@code prefilled}: the text came with the chat; {@code text}: what the compose box holds.
   */
  record Opened(String how, boolean prefilled, String text) implements OpeningResult {}

  record NotOnWhatsApp(Config.ChatOpening way) implements OpeningResult {}

  record Unavailable(String why) implements OpeningResult {}

  /**
   * The app took this way's action (a chat link, a click on the number) but no new chat view came
   * in time: one may still come and replace whatever is on screen, so no way that types into the
   * loaded app may follow; only a reload (the URL way) may.
   */
  record Abandoned(String why) implements OpeningResult {}

  record Failed(String reason) implements OpeningResult {}

  /**
   * What a page script's {@code qr} or {@code taken_over} outcome means, in the same words for
   * every way: the session is gone, not just this chat.
   */
  static ChatPage.SessionLostException sessionLost(String outcome) {
    return new ChatPage.SessionLostException(
        outcome.equals("qr")
            ? "WhatsApp Web asks for a QR scan (logged out)"
            : "WhatsApp is open on another computer or browser");
  }

  /** One way of opening a chat with {@code text} ready in its compose box (or to be typed). */
  interface Way {
    Config.ChatOpening kind();

    /**
     * Opens the chat with {@code digits} (E.164 without the +) by {@code deadline} ({@link
     * System#nanoTime}). Throws {@link ChatPage.SessionLostException} when the page shows a login
     * or takeover screen instead.
     */
    OpeningResult open(WebDriver driver, String digits, String text, long deadline);
  }
}
