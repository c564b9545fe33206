package com.wagateway.whatsapp;

import static com.wagateway.whatsapp.OpeningResult.sessionLost;

import com.wagateway.config.Config;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a chat by navigating to {@code /send?phone=&text=}: works on every generation of the page,
 * but reloads the whole app (seconds on the real site). The last way, and the one that always gives
 * an answer: the chat, the invalid-number dialog, or a timeout.
 */
final class SendUrlNavigation implements OpeningResult.Way {
  private static final Logger log = LoggerFactory.getLogger(SendUrlNavigation.class);

  private final Config.WhatsApp config;
  private final SelectorTable selectors;
  private final PageScripts scripts;

  SendUrlNavigation(Config.WhatsApp config, SelectorTable selectors, PageScripts scripts) {
    this.config = config;
    this.selectors = selectors;
    this.scripts = scripts;
  }

  @Override
  public Config.ChatOpening kind() {
    return Config.ChatOpening.URL;
  }

  /**
   * Navigates to the chat with the text in the URL and waits, within one page-load timeout, for its
   * compose box (or the invalid-number dialog). Marks the bubbles already there, so the
   * confirmation looks only at the one our Enter makes.
   */
  @Override
  public OpeningResult open(WebDriver driver, String digits, String text, long deadline) {
    String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    boolean prefill = encoded.length() <= ChatPage.MAX_PREFILL_URL_CHARS;
    try {
      driver.get(config.webUrl() + "/send?phone=" + digits + "&text=" + (prefill ? encoded : ""));
    } catch (TimeoutException e) {
      return new OpeningResult.Failed(
          "WhatsApp Web did not load within "
              + ChatPage.seconds(config.pageLoadTimeout().toMillis()));
    }
    Map<?, ?> chat = awaitChat((JavascriptExecutor) driver, prefill ? text : "", deadline);
    String outcome = String.valueOf(chat.get("outcome"));
    return switch (outcome) {
      case "compose" ->
          new OpeningResult.Opened(kind().wireName(), prefill, String.valueOf(chat.get("text")));
      case "invalid" -> new OpeningResult.NotOnWhatsApp(kind());
      case "qr", "taken_over" -> throw sessionLost(outcome);
      case "timeout" ->
          new OpeningResult.Failed(
              "The chat did not open within "
                  + ChatPage.seconds(config.pageLoadTimeout().toMillis())
                  + ": neither "
                  + selectors.selectors().describe("compose_box")
                  + " nor the invalid-number dialog appeared; the page showed: "
                  + chat.get("seen"));
      default ->
          new OpeningResult.Failed(
              "Page script failed while opening the chat: " + chat.get("message"));
    };
  }

  /**
   * A page that reaches the chat through a second document (a redirect after reading the URL)
   * unloads the first under the script: wait again on the new one.
   */
  private Map<?, ?> awaitChat(JavascriptExecutor js, String expected, long deadline) {
    for (int attempt = 1; ; attempt++) {
      try {
        return (Map<?, ?>)
            js.executeAsyncScript(
                scripts.openChat,
                selectors.forScript(),
                expected,
                Math.max(100, (deadline - System.nanoTime()) / 1_000_000));
      } catch (JavascriptException e) {
        if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("unload")) throw e;
        log.debug("The page changed documents while opening the chat; waiting on the new one");
      }
    }
  }
}
