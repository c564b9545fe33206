package com.wagateway.whatsapp;

import static com.wagateway.whatsapp.OpeningResult.sessionLost;

import com.wagateway.config.Config;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Opens a chat inside the loaded app, without a reload: the page's own handler takes a clicked
 * {@code https://wa.me/<digits>?text=} link, asks the server about the number and puts the text in
 * the compose box as a draft (whatsapp-web-facts.md, "Opening a chat inside the loaded app"). The
 * draft in a view that appeared after the click is how this way knows the right chat opened (the
 * box open before was emptied first). Whether the app took the link is the click's own answer; a
 * taken link whose chat did not come in time is {@link OpeningResult.Abandoned}, never left for a
 * way that would type into the old view.
 */
final class InAppChatOpener implements OpeningResult.Way {
  private final Config.WhatsApp config;
  private final SelectorTable selectors;
  private final PageScripts scripts;

  InAppChatOpener(Config.WhatsApp config, SelectorTable selectors, PageScripts scripts) {
    this.config = config;
    this.selectors = selectors;
    this.scripts = scripts;
  }

  @Override
  public Config.ChatOpening kind() {
    return Config.ChatOpening.IN_APP;
  }

  @Override
  public OpeningResult open(WebDriver driver, String digits, String text, long deadline) {
    if (text.isBlank()) return new OpeningResult.Unavailable("no text to recognise the chat by");
    if (URLEncoder.encode(text, StandardCharsets.UTF_8).length() > ChatPage.MAX_PREFILL_URL_CHARS)
      return new OpeningResult.Unavailable("the text is too long for a chat link");
    long wait = ChatOpener.inAppWait(config, deadline);
    Map<?, ?> seen =
        (Map<?, ?>)
            ((JavascriptExecutor) driver)
                .executeAsyncScript(scripts.openInApp, selectors.forScript(), digits, text, wait);
    String outcome = String.valueOf(seen.get("outcome"));
    return switch (outcome) {
      case "compose" ->
          new OpeningResult.Opened(kind().wireName(), true, String.valueOf(seen.get("text")));
      case "invalid" -> new OpeningResult.NotOnWhatsApp(kind());
      case "qr", "taken_over" -> throw sessionLost(outcome);
      case "unavailable" -> new OpeningResult.Unavailable(String.valueOf(seen.get("why")));
      case "abandoned" -> new OpeningResult.Abandoned(String.valueOf(seen.get("why")));
      default -> new OpeningResult.Unavailable("page script failed: " + seen.get("message"));
    };
  }
}
