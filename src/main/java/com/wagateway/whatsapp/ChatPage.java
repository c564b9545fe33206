package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.queue.SendResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one message through the page: open the chat with the text prefilled, check the compose box
 * holds exactly the text, press Enter, wait for our bubble's tick.
 *
 * <p>The text travels in the {@code /send?phone=&text=} URL because typing cannot carry it:
 * ChromeDriver's sendKeys cannot type characters outside the BMP (most emoji) and a typed newline
 * sends early (whatsapp-web-facts.md, "Compose box").
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
  private final Selectors selectors;
  private final PageScripts scripts;
  private final Map<String, Object> table;

  /**
   * Messages this process pressed Enter for without seeing their tick: id -> bubbles with the text
   * before.
   */
  private final Map<Long, Integer> enterPressed =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
          return size() > 10_000;
        }
      };

  ChatPage(Config.WhatsApp config, Selectors selectors, PageScripts scripts) {
    this.config = config;
    this.selectors = selectors;
    this.scripts = scripts;
    this.table = selectors.forScript();
  }

  SendResult send(WebDriver driver, OutgoingMessage message) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    String text = message.text();
    String digits = message.phone().replaceAll("[^0-9]", "");
    String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    boolean prefill = encoded.length() <= MAX_PREFILL_URL_CHARS;
    String url = config.webUrl() + "/send?phone=" + digits + "&text=" + (prefill ? encoded : "");
    long t0 = System.nanoTime();
    try {
      driver.get(url);
    } catch (TimeoutException e) {
      return SendResult.transientFailure(
          "WhatsApp Web did not load within " + config.pageLoadTimeout().toSeconds() + " s");
    }

    long tg = System.nanoTime();
    Map<?, ?> chat = openChat(js, prefill ? text : "");
    long t1 = System.nanoTime();
    String outcome = String.valueOf(chat.get("outcome"));
    switch (outcome) {
      case "compose" -> {}
      case "invalid" -> {
        return SendResult.permanent(message.phone() + " is not on WhatsApp");
      }
      case "qr" -> throw new SessionLostException("WhatsApp Web asks for a QR scan (logged out)");
      case "taken_over" ->
          throw new SessionLostException("WhatsApp is open on another computer or browser");
      case "timeout" -> {
        return SendResult.transientFailure(
            "The chat did not open within "
                + config.pageLoadTimeout().toSeconds()
                + " s: neither "
                + selectors.describe("compose_box")
                + " nor the invalid-number dialog appeared; the page"
                + " showed: "
                + chat.get("seen"));
      }
      default -> {
        return SendResult.transientFailure(
            "Page script failed while opening the chat: " + chat.get("message"));
      }
    }

    Map<?, ?> history = (Map<?, ?>) chat.get("history");
    if (message.attempts() > 1 || message.rescued() > 0) {
      SendResult earlier = earlierAttempt(js, message, history);
      if (earlier != null) return earlier;
    }
    String prefilled = String.valueOf(chat.get("text"));
    if (prefill && !same(text, prefilled) && squeezed(text).equals(squeezed(prefilled))) {
      // The URL carried the exact text; a box that differs only in white space renders it
      // differently (line layout), and retyping would do more harm than good.
      log.debug(
          "Message {}: the compose box differs from the text only in white space; sending the"
              + " prefill",
          message.id());
      prefilled = text;
    }
    if (!same(text, prefilled)) {
      String now = type(driver, text);
      if (!same(text, now)) {
        return SendResult.transientFailure(
            "The compose box did not take the text exactly (it holds "
                + (now == null ? "nothing" : now.length() + " characters")
                + ", expected "
                + text.length()
                + ")");
      }
    }

    // Enter sends, and has done so through every generation of the page; the button has churned.
    synchronized (enterPressed) {
      enterPressed.put(message.id(), ((Number) history.get("matching")).intValue());
    }
    long t2 = System.nanoTime();
    new Actions(driver).sendKeys(Keys.ENTER).perform();
    long t3 = System.nanoTime();
    Map<?, ?> sent = awaitSent(js, text, UNSENT_AFTER_MS);
    long t4 = System.nanoTime();
    if (log.isDebugEnabled()) {
      log.debug(
          "Message {}: page load {} ms, chat open {} ms, text check {} ms, Enter {} ms, tick {} ms",
          message.id(),
          ms(tg - t0),
          ms(t1 - tg),
          ms(t2 - t1),
          ms(t3 - t2),
          ms(t4 - t3));
    }
    if ("unsent".equals(sent.get("outcome"))) {
      Object button = js.executeScript(scripts.findSendButton, table);
      if (!(button instanceof WebElement b)) {
        return SendResult.transientFailure(
            "Enter did not send and there is no send button: " + selectors.describe("send_button"));
      }
      b.click();
      sent = awaitSent(js, text, -1);
    }
    return switch (String.valueOf(sent.get("outcome"))) {
      case "sent" -> {
        synchronized (enterPressed) {
          enterPressed.remove(message.id());
        }
        yield SendResult.sent();
      }
      case "failed" ->
          SendResult.transientFailure("WhatsApp marked the message as failed (msg-failed)");
      case "pending" ->
          SendResult.transientFailure(
              "WhatsApp did not confirm the message within "
                  + seconds()
                  + ": its bubble still shows the clock");
      case "missing" ->
          Boolean.TRUE.equals(sent.get("qr"))
              ? SendResult.transientFailure("WhatsApp Web logged out while sending")
              : SendResult.transientFailure(
                  "No outgoing bubble with the text appeared within "
                      + seconds()
                      + " after pressing Enter: "
                      + selectors.describe("outgoing_message"));
      default ->
          SendResult.transientFailure(
              "Page script failed while waiting for the tick: " + sent.get("message"));
    };
  }

  /**
   * Waits for the chat. A page that reaches the chat through a second document (a redirect after
   * reading the URL) unloads the first under the script: wait again on the new one.
   */
  private Map<?, ?> openChat(JavascriptExecutor js, String expected) {
    for (int attempt = 1; ; attempt++) {
      try {
        return (Map<?, ?>)
            js.executeAsyncScript(
                scripts.openChat, table, expected, config.pageLoadTimeout().toMillis());
      } catch (JavascriptException e) {
        if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("unload")) throw e;
        log.debug("The page changed documents while opening the chat; waiting on the new one");
      }
    }
  }

  private static String squeezed(String s) {
    return s.replace('\u00a0', ' ').replaceAll("\\s+", " ").strip();
  }

  /**
   * A retried message may have gone out in an attempt that ended before its tick was seen (the
   * browser died after Enter, say); sending it again would show the person a duplicate. If this
   * process pressed Enter for it before, the chat holding more bubbles with its text than it did
   * then means that attempt went. Without that record (the message was rescued from another
   * instance), the newest outgoing bubble holding the text is taken as that attempt.
   */
  private SendResult earlierAttempt(
      JavascriptExecutor js, OutgoingMessage message, Map<?, ?> history) {
    Integer before;
    synchronized (enterPressed) {
      before = enterPressed.get(message.id());
    }
    String tick;
    if (before != null) {
      if (((Number) history.get("matching")).intValue() <= before) return null;
      tick = String.valueOf(history.get("matchingTick"));
    } else {
      if (!Boolean.TRUE.equals(history.get("newestIsOurs"))) return null;
      tick = String.valueOf(history.get("newestTick"));
    }
    if (!"sent".equals(tick) && !"pending".equals(tick)) return null;
    js.executeScript(scripts.clearBox, table);
    if ("sent".equals(tick)) {
      synchronized (enterPressed) {
        enterPressed.remove(message.id());
      }
      log.info(
          "Message {} already shows as sent in the chat (an earlier attempt went through); not"
              + " sending it again",
          message.id());
      return SendResult.sent();
    }
    return SendResult.transientFailure(
        "An earlier attempt of this message still shows the clock in the chat;"
            + " not sending it twice");
  }

  /**
   * Puts the text in the box: all at once with insertText when the editor takes newlines that way,
   * else line by line with Shift+Enter between the lines.
   */
  private String type(WebDriver driver, String text) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    Object whole = js.executeScript(scripts.insertText, table, text, true);
    if (whole == null || same(text, String.valueOf(whole)) || !text.contains("\n")) {
      return whole == null ? null : String.valueOf(whole);
    }
    String[] lines = text.split("\n", -1);
    Object now = null;
    for (int i = 0; i < lines.length; i++) {
      if (i > 0)
        new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
      now = js.executeScript(scripts.insertText, table, lines[i], i == 0);
      if (now == null) return null;
    }
    return String.valueOf(now);
  }

  private Map<?, ?> awaitSent(JavascriptExecutor js, String text, long unsentAfterMs) {
    return (Map<?, ?>)
        js.executeAsyncScript(
            scripts.awaitSent, table, text, config.sendTimeout().toMillis(), unsentAfterMs);
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private String seconds() {
    long ms = config.sendTimeout().toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  /**
   * Content-editable boxes turn spaces into no-break spaces; they are the same text to the reader.
   */
  static boolean same(String expected, String actual) {
    return actual != null && expected.replace('\u00a0', ' ').equals(actual.replace('\u00a0', ' '));
  }

  /** The page shows a login or takeover screen where the chat should be. */
  static final class SessionLostException extends RuntimeException {
    SessionLostException(String message) {
      super(message, null, false, false);
    }
  }
}
