package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.WebDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a chat is opened: the ways of {@code WA_CHAT_OPENING} in order (by default inside the loaded
 * app, then "New chat", then the {@code /send} URL). A way that cannot do it for this message hands
 * it to the next, said at DEBUG; the first definite answer stands. Only the URL reloads the app.
 */
final class ChatOpener {
  private static final Logger log = LoggerFactory.getLogger(ChatOpener.class);

  /** The app answers a chat link in well under a second; past this the next way is faster. */
  static final Duration MAX_IN_APP_WAIT = Duration.ofSeconds(8);

  private final List<ChatOpening.Way> ways;
  private final Duration budget;

  ChatOpener(Config.WhatsApp config, SelectorTable selectors, PageScripts scripts) {
    List<ChatOpening.Way> list = new ArrayList<>();
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
   * WA_PAGE_LOAD_TIMEOUT}; never answers {@link ChatOpening.Unavailable}.
   */
  ChatOpening open(WebDriver driver, String phone, String text, String what) {
    String digits = phone.replaceAll("[^0-9]", "");
    long deadline = System.nanoTime() + budget.toNanos();
    List<String> tried = new ArrayList<>();
    for (ChatOpening.Way way : ways) {
      ChatOpening result = way.open(driver, digits, text, deadline);
      if (!(result instanceof ChatOpening.Unavailable u)) {
        if (!tried.isEmpty()) log.debug("{}: the chat opened by {}", what, way.kind().wireName());
        return result;
      }
      tried.add(way.kind().wireName() + " (" + u.why() + ")");
      log.debug("{}: {} could not open the chat: {}", what, way.kind().wireName(), u.why());
    }
    return new ChatOpening.Failed("No way could open the chat: " + String.join("; ", tried));
  }
}
