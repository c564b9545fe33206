package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.wagateway.config.Config;
import com.wagateway.support.BrowserTest;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Each way that opens a chat inside the loaded app takes only the view its own action brings: on a
 * page whose chats render slowly, the view open before (of the same number, even) stays live for a
 * while and is then replaced, and whatever was typed into it is lost. The ways are driven one by
 * one here, without the sender around them.
 */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatViewTest {
  private static final String A = "972504550001";
  private static final String B = "972504550002";

  private FakeWhatsAppWeb fake;
  private Config.WhatsApp config;
  private BrowserLauncher.Browser browser;
  private WebDriver driver;
  private final SelectorTable selectors = new SelectorTable(null);
  private final PageScripts scripts = new PageScripts();

  @BeforeAll
  void start(@TempDir Path dir) {
    fake = FakeWhatsAppWeb.fast().chatLoadDelay(Duration.ofMillis(500));
    config = WhatsAppTestSupport.whatsapp(fake, dir.resolve("profile"), Map.of());
    browser = new BrowserLauncher(config).launch();
    driver = browser.driver();
    driver.get(fake.url());
    WhatsAppTestSupport.await(Duration.ofSeconds(30), fake::qrShowing, () -> "no QR");
    fake.scan();
    WhatsAppTestSupport.await(
        Duration.ofSeconds(20), () -> find("logged_in") != null, () -> "never logged in");
  }

  @AfterEach
  void reset() {
    fake.stopLinkClicks(false);
  }

  @AfterAll
  void stop() {
    if (driver != null) driver.quit();
    if (fake != null) fake.close();
  }

  private WebElement find(String element) {
    return (WebElement)
        ((JavascriptExecutor) driver)
            .executeScript(scripts.findElement, selectors.forScript(), element);
  }

  /** The chat of {@code digits} opened by a fresh load: the view the next way starts from. */
  private WebElement openByReload(String digits) {
    driver.get(fake.url() + "/send?phone=" + digits + "&text=");
    WhatsAppTestSupport.await(
        Duration.ofSeconds(10), () -> find("compose_box") != null, () -> "no chat");
    return find("compose_box");
  }

  private long deadline() {
    return System.nanoTime() + Duration.ofSeconds(8).toNanos();
  }

  private static void assertReplaced(WebElement before) {
    assertThrows(
        StaleElementReferenceException.class,
        before::isDisplayed,
        "the view open before the action is gone: nothing of ours went into it");
  }

  @Test
  void newChatForTheNumberWhoseChatIsOpenTakesTheViewItsClickBrings() {
    WebElement before = openByReload(A);
    OpeningResult opened =
        new NewChatSearch(config, selectors, scripts).open(driver, A, "", deadline());
    assertInstanceOf(OpeningResult.Opened.class, opened);
    assertNotEquals(before, find("compose_box"));
    assertReplaced(before);
  }

  @Test
  void aChatLinkForTheNumberWhoseChatIsOpenTakesTheViewItsClickBrings() {
    WebElement before = openByReload(A);
    OpeningResult opened =
        new InAppChatOpener(config, selectors, scripts).open(driver, A, "draft ✅", deadline());
    assertEquals(new OpeningResult.Opened("in_app", true, "draft ✅"), opened);
    assertReplaced(before);
  }

  @Test
  void aChatLinkTheAppTakesAndStopsIsTakenNotFollowed() {
    openByReload(A);
    fake.stopLinkClicks(true);
    int links = fake.chatsOpened("link");
    OpeningResult opened =
        new InAppChatOpener(config, selectors, scripts).open(driver, B, "to B", deadline());
    assertEquals(new OpeningResult.Opened("in_app", true, "to B"), opened);
    assertEquals(links + 1, fake.chatsOpened("link"));
    assertEquals(1, driver.getWindowHandles().size(), "the browser did not follow the link");
  }
}
