package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Opens a chat through "New chat": the full number in the drawer's search, the number under "Not in
 * your contacts" clicked, the chat recognised by its header naming the number. No reload, but
 * several UI steps, and the text is typed afterwards. A search that finds nothing does not say why,
 * so it leaves the answer to the next way.
 */
final class NewChatSearch implements OpeningResult.Way {
  private final Config.WhatsApp config;
  private final SelectorTable selectors;
  private final PageScripts scripts;

  NewChatSearch(Config.WhatsApp config, SelectorTable selectors, PageScripts scripts) {
    this.config = config;
    this.selectors = selectors;
    this.scripts = scripts;
  }

  @Override
  public Config.ChatOpening kind() {
    return Config.ChatOpening.NEW_CHAT;
  }

  @Override
  public OpeningResult open(WebDriver driver, String digits, String text, long deadline) {
    long wait = ChatOpener.inAppWait(config, deadline);
    Map<?, ?> seen =
        (Map<?, ?>)
            ((JavascriptExecutor) driver)
                .executeAsyncScript(scripts.newChat, selectors.forScript(), digits, wait);
    return switch (String.valueOf(seen.get("outcome"))) {
      case "compose" ->
          new OpeningResult.Opened(kind().wireName(), false, String.valueOf(seen.get("text")));
      case "no_result" -> new OpeningResult.Unavailable("the search found nothing for +" + digits);
      case "unavailable" -> new OpeningResult.Unavailable(String.valueOf(seen.get("why")));
      case "abandoned" -> new OpeningResult.Abandoned(String.valueOf(seen.get("why")));
      default -> new OpeningResult.Unavailable("page script failed: " + seen.get("message"));
    };
  }
}
