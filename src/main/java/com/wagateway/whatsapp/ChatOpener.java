package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a chat is opened: the chat open already when it is this number's, else the ways of {@code
 * WA_CHAT_OPENING} in order (by default inside the loaded app, then "New chat", then the {@code
 * /send} URL). A way that cannot do it for this message hands it to the next, said at DEBUG; the
 * first definite answer stands. Only the URL reloads the app.
 *
 * <p>Every way accepts only a chat view that appeared after its own action: the view open before
 * may be the same number's, and the app is about to replace it, taking typed text or an Enter with
 * it. A way whose action the app took without a new view coming in time ({@link
 * OpeningResult.Abandoned}) may still get one later, so after it only a reload may be tried.
 */
final class ChatOpener {
  private static final Logger log = LoggerFactory.getLogger(ChatOpener.class);

  /** How {@link OpeningResult.Opened} names the chat that was open already. */
  static final String OPEN_ALREADY = "open_chat";

  /** The app answers a chat link in well under a second; past this the next way is faster. */
  static final Duration MAX_IN_APP_WAIT = Duration.ofSeconds(8);

  private final List<OpeningResult.Way> ways;
  private final Duration budget;
  private final SelectorTable selectors;
  private final PageScripts scripts;

  ChatOpener(Config.WhatsApp config, SelectorTable selectors, PageScripts scripts) {
    this.selectors = selectors;
    this.scripts = scripts;
    List<OpeningResult.Way> list = new ArrayList<>();
    for (Config.ChatOpening kind : config.chatOpening()) {
      list.add(
          switch (kind) {
            case IN_APP -> new InAppChatOpener(config, selectors, scripts);
            case NEW_CHAT -> new NewChatSearch(config, selectors, scripts);
            case URL -> new SendUrlNavigation(config, selectors, scripts);
          });
    }
    this.ways = List.copyOf(list);
    this.budget = config.pageLoadTimeout();
  }

  /**
   * How long a way inside the app may wait: at most {@link #MAX_IN_APP_WAIT} and a quarter of
   * {@code WA_PAGE_LOAD_TIMEOUT}, so after both in-app ways the URL keeps at least half of it.
   */
  static long inAppWait(Config.WhatsApp config, long deadline) {
    long cap = Math.min(MAX_IN_APP_WAIT.toMillis(), config.pageLoadTimeout().toMillis() / 4);
    return Math.max(100, Math.min(cap, (deadline - System.nanoTime()) / 1_000_000));
  }

  /**
   * Opens the chat with {@code phone} (E.164), all ways together within {@code
   * WA_PAGE_LOAD_TIMEOUT}; never answers {@link OpeningResult.Unavailable}.
   */
  OpeningResult open(WebDriver driver, String phone, String text, String what) {
    String digits = phone.replaceAll("[^0-9]", "");
    OpeningResult open = openAlready(driver, digits);
    if (open != null) return open;
    long deadline = System.nanoTime() + budget.toNanos();
    List<String> tried = new ArrayList<>();
    boolean onlyReload = false;
    for (int i = 0; i < ways.size(); i++) {
      OpeningResult.Way way = ways.get(i);
      if (onlyReload && way.kind() != Config.ChatOpening.URL) continue;
      OpeningResult result = way.open(driver, digits, text, deadline);
      if (result instanceof OpeningResult.Abandoned a) {
        tried.add(way.kind().wireName() + " (" + a.why() + ")");
        log.debug("{}: {} left the chat half open: {}", what, way.kind().wireName(), a.why());
        onlyReload = true;
        continue;
      }
      if (result instanceof OpeningResult.NotOnWhatsApp && way.kind() != Config.ChatOpening.URL) {
        return confirmed(driver, digits, text, deadline, what, i, result);
      }
      if (!(result instanceof OpeningResult.Unavailable u)) {
        if (!tried.isEmpty()) log.debug("{}: the chat opened by {}", what, way.kind().wireName());
        return result;
      }
      tried.add(way.kind().wireName() + " (" + u.why() + ")");
      log.debug("{}: {} could not open the chat: {}", what, way.kind().wireName(), u.why());
    }
    return new OpeningResult.Failed("No way could open the chat: " + String.join("; ", tried));
  }

  /**
   * The chat open now, when its header names this number: used as it is, its box emptied, with no
   * action that could make the app draw it again. Null when it is another chat or none.
   */
  private OpeningResult openAlready(WebDriver driver, String digits) {
    Map<?, ?> seen =
        (Map<?, ?>)
            ((JavascriptExecutor) driver)
                .executeScript(scripts.currentChat, selectors.forScript(), digits);
    if (!"compose".equals(seen.get("outcome"))) return null;
    return new OpeningResult.Opened(OPEN_ALREADY, false, String.valueOf(seen.get("text")));
  }

  /**
   * The app remembers the server's answer for a number for the page's life, so its "isn't on
   * WhatsApp" may be stale (the number joined since). Before that answer fails a message for good,
   * the URL way (a fresh load of the app) asks again, when it is in the order after this way. If
   * the reload cannot tell, the app's answer stands.
   */
  private OpeningResult confirmed(
      WebDriver driver,
      String digits,
      String text,
      long deadline,
      String what,
      int index,
      OpeningResult inApp) {
    for (OpeningResult.Way later : ways.subList(index + 1, ways.size())) {
      if (later.kind() != Config.ChatOpening.URL) continue;
      OpeningResult fresh = later.open(driver, digits, text, deadline);
      if (fresh instanceof OpeningResult.Opened) {
        log.debug("{}: the app's \"not on WhatsApp\" was stale; a reload opened the chat", what);
        return fresh;
      }
      return fresh instanceof OpeningResult.NotOnWhatsApp ? fresh : inApp;
    }
    return inApp;
  }
}
