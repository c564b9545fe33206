package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import com.wagateway.queue.AttachedFile;
import com.wagateway.queue.Handoff;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.queue.SendResult;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one message through the page: open the chat, ensure the compose box holds exactly the text,
 * press Enter, confirm by the tick of the row that Enter made, and keep that row's message id as
 * the page gives it.
 *
 * <p>Enter, once the compose box lets go of the text, is the point of no return: the page has the
 * message and will send it whatever this class sees afterwards. Before it every failure is
 * transient and safe to retry; after it the answer is {@code sent} (a tick) or {@code unconfirmed},
 * never a retry, so a selector that stops matching costs a report, not a second message to a person
 * (whatsapp-web-facts.md, "Message state in the chat").
 *
 * <p>The text travels in the chat link or the {@code /send?phone=&text=} URL because typing cannot
 * carry it (see {@link ComposeBox}); {@link ChatOpener} picks the way.
 */
final class ChatPage {
  private static final Logger log = LoggerFactory.getLogger(ChatPage.class);

  /**
   * Longer URLs are refused by some servers (Node answers 431 past 16 KB of headers): type those
   * instead.
   */
  static final int MAX_PREFILL_URL_CHARS = 6000;

  /** How long after Enter, with no bubble and the text still in the box, to try the send button. */
  private static final long UNSENT_AFTER_MS = 3000;

  private final Config.WhatsApp config;
  private final SelectorTable selectors;
  private final PageScripts scripts;
  private final ComposeBox composeBox;
  private final ChatOpener opener;

  ChatPage(
      Config.WhatsApp config, SelectorTable selectors, PageScripts scripts, ChatOpener opener) {
    this.config = config;
    this.selectors = selectors;
    this.scripts = scripts;
    this.composeBox = new ComposeBox(scripts);
    this.opener = opener;
  }

  SendResult send(WebDriver driver, OutgoingMessage message, Handoff handoff) {
    if (message.file() != null) return sendFile(driver, message, handoff);
    try {
      Chat chat = openChat(driver, message);
      ensureText(driver, chat, message);
      pressEnter(driver, handoff);
      return confirm(driver, message.text());
    } catch (Stop stop) {
      return stop.result;
    }
  }

  /**
   * Sends a file with its caption through the attach flow (whatsapp-web-facts.md, "Sending a
   * file"): the chat opened as for a text, its compose box emptied (the app's draft of the
   * caption), the file set on the attach menu's input, the caption typed into the media editor,
   * then the editor's send, which is this message's point of no return. Photos and videos go
   * through "Photos & videos" unless {@code as_document}; videos always as documents, since
   * Debian's Chromium has no H.264 to preview them; everything else as a document.
   */
  private SendResult sendFile(WebDriver driver, OutgoingMessage message, Handoff handoff) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    AttachedFile file = message.file();
    String caption = message.text() == null ? "" : message.text();
    try {
      openChat(driver, message);
      if (composeBox.type(driver, selectors.forScript(), "") == null)
        throw stop(SendResult.transientFailure("The chat opened without a compose box"));
      boolean document =
          message.asDocument()
              || switch (file.kind()) {
                case "image" -> false;
                case "video" -> config.videoAsDocument();
                default -> true;
              };
      long wait = Math.max(1000, config.pageLoadTimeout().toMillis() / 2);
      Map<?, ?> menu =
          (Map<?, ?>)
              js.executeAsyncScript(scripts.attachFile, selectors.forScript(), document, wait);
      if (!(menu.get("input") instanceof WebElement input)) {
        String what = String.valueOf(menu.get("what"));
        throw stop(
            SendResult.transientFailure(
                "Not sent: the attach flow found no " + selectors.selectors().describe(what)));
      }
      // A browser elsewhere (WA_SELENIUM_URL) gets the file through Selenium's upload: the
      // launcher gave its driver a file detector.
      input.sendKeys(file.path().toAbsolutePath().toString());
      Map<?, ?> editor =
          (Map<?, ?>) js.executeAsyncScript(scripts.awaitEditor, selectors.forScript(), wait);
      switch (String.valueOf(editor.get("outcome"))) {
        case "editor" -> {}
        case "refused" ->
            throw stop(
                SendResult.permanent("WhatsApp Web refused the file: " + editor.get("text")));
        default ->
            throw stop(
                SendResult.transientFailure(
                    "Not sent: after the file was chosen no "
                        + selectors.selectors().describe("caption_box")
                        + " appeared"));
      }
      if (!caption.isEmpty()) {
        String now = composeBox.type(driver, selectors.forScript(), caption, "caption_box");
        if (!ComposeBox.same(caption, now)) {
          throw stop(
              SendResult.transientFailure(
                  "The caption box did not take the caption exactly (it holds "
                      + (now == null ? "nothing" : now.length() + " characters")
                      + ", expected "
                      + caption.length()
                      + ")"));
        }
      }
      pressEnter(driver, handoff);
      long deadline = System.nanoTime() + config.sendTimeout().toNanos();
      return verdict(awaitSent(js, caption, deadline, -1));
    } catch (Stop stop) {
      return stop.result;
    }
  }

  /** The chat opened: whether the text came in the URL, and what the compose box holds. */
  private record Chat(boolean prefilled, String text) {}

  /** Opens the chat the first way that can (see {@link ChatOpener}). */
  private Chat openChat(WebDriver driver, OutgoingMessage message) {
    OpeningResult opened =
        opener.open(driver, message.phone(), message.text(), "Message " + message.id());
    if (opened instanceof OpeningResult.Opened o) return new Chat(o.prefilled(), o.text());
    if (opened instanceof OpeningResult.NotOnWhatsApp)
      throw stop(SendResult.permanent(message.phone() + " is not on WhatsApp"));
    if (opened instanceof OpeningResult.Failed f)
      throw stop(SendResult.transientFailure(f.reason()));
    throw stop(SendResult.transientFailure("The chat did not open: " + opened));
  }

  /** Makes the compose box hold exactly the text, typing it when the prefill did not. */
  private void ensureText(WebDriver driver, Chat chat, OutgoingMessage message) {
    String text = message.text();
    String inBox = chat.text();
    if (chat.prefilled()
        && !ComposeBox.same(text, inBox)
        && ComposeBox.squeezed(text).equals(ComposeBox.squeezed(inBox))) {
      // The URL carried the exact text; a box that differs only in white space renders it
      // differently (line layout), and retyping would do more harm than good.
      log.debug(
          "Message {}: the compose box differs from the text only in white space; sending the"
              + " prefill",
          message.id());
      return;
    }
    if (ComposeBox.same(text, inBox)) return;
    String now = composeBox.type(driver, selectors.forScript(), text);
    if (!ComposeBox.same(text, now)) {
      throw stop(
          SendResult.transientFailure(
              "The compose box did not take the text exactly (it holds "
                  + (now == null ? "nothing" : now.length() + " characters")
                  + ", expected "
                  + text.length()
                  + ")"));
    }
  }

  /**
   * The point of no return, recorded first: Enter sends, and has done so through every generation
   * of the page; the button has churned. Our rows on the page are marked just before, so the
   * confirmation looks only at the row this Enter makes.
   */
  private void pressEnter(WebDriver driver, Handoff handoff) {
    ((JavascriptExecutor) driver).executeScript(scripts.markRows, selectors.forScript());
    if (!handoff.begin()) {
      throw stop(
          SendResult.transientFailure(
              "Not sent: the queue could not record that the message was about to leave"));
    }
    new Actions(driver).sendKeys(Keys.ENTER).perform();
  }

  /**
   * Waits, within one send timeout, for our new bubble's tick. If Enter did not send (no bubble,
   * the text still in the box) the send button is tried; a text that never left the box is the one
   * failure here that may be retried.
   */
  private SendResult confirm(WebDriver driver, String text) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    long deadline = System.nanoTime() + config.sendTimeout().toNanos();
    Map<?, ?> seen = awaitSent(js, text, deadline, UNSENT_AFTER_MS);
    if ("unsent".equals(seen.get("outcome"))) {
      Object button = js.executeScript(scripts.findSendButton, selectors.forScript());
      if (!(button instanceof WebElement b)) {
        return SendResult.transientFailure(
            "Not sent: Enter left the text in the compose box and there is no "
                + selectors.selectors().describe("send_button"));
      }
      b.click();
      seen = awaitSent(js, text, deadline, -1);
    }
    return verdict(seen);
  }

  private SendResult verdict(Map<?, ?> seen) {
    String within = seconds(config.sendTimeout().toMillis());
    return switch (String.valueOf(seen.get("outcome"))) {
      case "sent" -> SendResult.sent((String) seen.get("id"));
      case "failed" ->
          SendResult.unconfirmed(
              "WhatsApp marked the message as failed after it left the compose box"
                  + " (failed_icon); WhatsApp Web may still send it from its own queue");
      case "pending" ->
          "pending".equals(seen.get("icon"))
              ? SendResult.unconfirmed(
                  "WhatsApp did not confirm the message within "
                      + within
                      + ": its bubble still shows the clock")
              : SendResult.unconfirmed(
                  "Our bubble appeared but showed no known state icon within "
                      + within
                      + ": "
                      + selectors.selectors().describe("sent_icon")
                      + " found nothing in it");
      case "missing" -> {
        if (Boolean.TRUE.equals(seen.get("boxHoldsText"))) {
          yield SendResult.transientFailure(
              "Not sent: after Enter and the send button the compose box still holds the text");
        }
        if (Boolean.TRUE.equals(seen.get("qr"))) {
          yield SendResult.unconfirmed(
              "WhatsApp Web logged out after the compose box let go of the text");
        }
        yield SendResult.unconfirmed(
            "The compose box let go of the text but no outgoing bubble holding it appeared within "
                + within
                + ": "
                + selectors.selectors().describe("outgoing_message")
                + " found none");
      }
      default ->
          SendResult.unconfirmed(
              "Page script failed while waiting for the tick: " + seen.get("message"));
    };
  }

  private Map<?, ?> awaitSent(JavascriptExecutor js, String text, long deadline, long unsentAfter) {
    return (Map<?, ?>)
        js.executeAsyncScript(
            scripts.awaitSent, selectors.forScript(), text, millisUntil(deadline), unsentAfter);
  }

  private static long millisUntil(long deadline) {
    return Math.max(100, (deadline - System.nanoTime()) / 1_000_000);
  }

  static String seconds(long ms) {
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  private static Stop stop(SendResult result) {
    return new Stop(result);
  }

  /** A step ended the send with this answer. */
  private static final class Stop extends RuntimeException {
    private final transient SendResult result;

    Stop(SendResult result) {
      super(null, null, false, false);
      this.result = result;
    }
  }

  /** The page shows a login or takeover screen where the chat should be. */
  static final class SessionLostException extends RuntimeException {
    SessionLostException(String message) {
      super(message, null, false, false);
    }
  }
}
