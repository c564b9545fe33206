package com.wagateway.whatsapp;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Asks the page whether a number is on WhatsApp by opening its chat the way a send would (the same
 * order of ways, the same existence check the app makes): the chat opens, or the page says the
 * number isn't on WhatsApp. The chat is opened with a marker text so the right chat is recognised;
 * the marker is taken out of the compose box again and nothing is ever sent.
 */
final class NumberCheckPage {
  private final ChatOpener opener;
  private final SelectorTable selectors;
  private final PageScripts scripts;
  private final SecureRandom random = new SecureRandom();

  NumberCheckPage(ChatOpener opener, SelectorTable selectors, PageScripts scripts) {
    this.opener = opener;
    this.selectors = selectors;
    this.scripts = scripts;
  }

  NumberCheckResult check(WebDriver driver, String phone) {
    byte[] id = new byte[4];
    random.nextBytes(id);
    String marker = "number check " + HexFormat.of().formatHex(id);
    OpeningResult opened = opener.open(driver, phone, marker, "Number check " + phone);
    if (opened instanceof OpeningResult.Opened) {
      // Leave no draft behind: the next send opens its chat with an empty box anyway.
      ((JavascriptExecutor) driver)
          .executeScript(scripts.insertText, selectors.forScript(), "", true);
      return new NumberCheckResult(true, null);
    }
    if (opened instanceof OpeningResult.NotOnWhatsApp) return new NumberCheckResult(false, null);
    if (opened instanceof OpeningResult.Failed f) return NumberCheckResult.unknown(f.reason());
    return NumberCheckResult.unknown(String.valueOf(opened));
  }
}
