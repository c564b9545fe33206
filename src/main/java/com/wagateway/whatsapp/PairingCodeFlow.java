package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links the account by phone number instead of a QR (whatsapp-web-facts.md, "Linking by phone
 * number"): "Link with phone number instead" on the landing screen, the whole "+<cc><number>" typed
 * into the cleared field (it derives the country from all the digits), "Next", and the 8 characters
 * the page shows. The page makes a new code every few minutes and, after the last, shows "Code
 * expired": asking again starts over.
 */
final class PairingCodeFlow {
  private static final Logger log = LoggerFactory.getLogger(PairingCodeFlow.class);

  private final Config.WhatsApp config;
  private final SelectorTable selectors;
  private final PageScripts scripts;
  private String lastPhone;

  PairingCodeFlow(Config.WhatsApp config, SelectorTable selectors, PageScripts scripts) {
    this.config = config;
    this.selectors = selectors;
    this.scripts = scripts;
  }

  /** Call with the browser's lock held. {@code phone} is E.164. */
  PairingResult request(WebDriver driver, String phone) {
    Map<?, ?> look = step(driver, "look");
    String screen = String.valueOf(look.get("screen"));
    switch (screen) {
      case "logged_in" -> {
        return new PairingResult.AlreadyLinked("ready");
      }
      case "taken_over" -> {
        return new PairingResult.AlreadyLinked("taken_over");
      }
      case "code" -> {
        if (phone.equals(lastPhone) && look.get("code") != null)
          return shown(phone, String.valueOf(look.get("code")));
        // A code for another number: start over from the landing screen.
        driver.get(config.webUrl() + "/");
      }
      case "landing", "phone", "expired" -> {}
      default -> {
        return new PairingResult.NotNow(
            "the landing screen is not showing (WhatsApp Web is loading); try again in a few"
                + " seconds");
      }
    }
    Map<?, ?> open = step(driver, "open");
    if (!"phone".equals(open.get("screen"))) {
      return new PairingResult.NotNow(
          "the phone number screen did not appear ("
              + selectors.selectors().describe("link_with_phone")
              + "; the page showed: "
              + open.get("seen")
              + ")");
    }
    Object found =
        ((JavascriptExecutor) driver)
            .executeScript(scripts.findElement, selectors.forScript(), "phone_number_input");
    if (!(found instanceof WebElement input)) {
      return new PairingResult.NotNow(
          "no " + selectors.selectors().describe("phone_number_input") + " on the page");
    }
    input.click();
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    input.sendKeys(phone);
    Map<?, ?> submitted = step(driver, "submit");
    return switch (String.valueOf(submitted.get("screen"))) {
      case "code" -> shown(phone, String.valueOf(submitted.get("code")));
      case "invalid" ->
          new PairingResult.Refused("WhatsApp Web refused " + phone + ": " + submitted.get("text"));
      default ->
          new PairingResult.NotNow(
              "no code appeared after \"Next\" ("
                  + selectors.selectors().describe("pairing_code")
                  + "; the page showed: "
                  + submitted.get("seen")
                  + ")");
    };
  }

  private PairingResult shown(String phone, String code) {
    lastPhone = phone;
    PairingResult.Code result = new PairingResult.Code(code, phone);
    log.info(
        "WhatsApp Web pairing code for {}: {} (on the phone: WhatsApp > Settings > Linked devices >"
            + " Link a device > Link with phone number instead, then type the code)",
        phone,
        result.display());
    return result;
  }

  private Map<?, ?> step(WebDriver driver, String step) {
    return (Map<?, ?>)
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                scripts.pairingCode,
                selectors.forScript(),
                step,
                config.pageLoadTimeout().toMillis());
  }
}
