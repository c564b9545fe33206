package com.wagateway.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.App;
import com.wagateway.operator.OperatorService;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.QrCodes;
import com.wagateway.whatsapp.WhatsAppTestSupport;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;

/**
 * An operator's day in the console, in a real headless Chromium against the running server, whose
 * own browser sends through the WhatsApp Web double: sign in, link the account by scanning the QR
 * on the page, create a client and copy its key, send a test message and watch it turn sent, cancel
 * one, retry a failed one, sign out. Every page is checked with axe-core; the overview and WhatsApp
 * pages are photographed into docs/ for the README.
 */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  private static final String OPERATOR = "ana";
  private static final String PASSWORD = "a long operator password";
  private static final String PHONE = "+972501234567";
  private static final Duration LIVE = Duration.ofMinutes(2);

  private TestDatabase db;
  private FakeWhatsAppWeb fake;
  private App app;
  private Api api;
  private OperatorBrowser browser;
  private String apiKey;

  @BeforeAll
  void start(@TempDir Path dir) {
    db = TestDatabase.create(ConsoleBrowserTest.class);
    fake = FakeWhatsAppWeb.fast().qrRotation(Duration.ofSeconds(4));
    Map<String, String> env = new HashMap<>(WhatsAppTestSupport.env(fake, dir.resolve("sender")));
    app = App.serve(TestConfig.config(db, dir, env));
    api = new Api(app.httpPort());
    new OperatorService(db.dsl()).create(OPERATOR, PASSWORD);
    browser = new OperatorBrowser(app.httpPort(), dir.resolve("operator"));
  }

  @AfterAll
  void stop() {
    if (browser != null) browser.close();
    if (app != null) app.close();
    if (fake != null) fake.close();
    if (db != null) db.close();
  }

  private void assertAccessible(String page) {
    // -Dconsole.shots=DIR keeps a picture of every page checked, for looking at them by eye.
    String shots = System.getProperty("console.shots");
    if (shots != null) browser.screenshot(Path.of(shots, page.replaceAll("[^a-z]+", "-") + ".png"));
    List<String> blocked =
        browser.consoleMessages().stream()
            .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught"))
            .toList();
    assertEquals(List.of(), blocked, "blocked or failing scripts on " + page);
    List<String> problems = browser.accessibilityProblems();
    assertEquals(List.of(), problems, "serious or critical accessibility problems on " + page);
  }

  private String sessionState() {
    return browser.attribute("#sessions .badge", "data-state");
  }

  private String pageQr() {
    // The page replaces its sessions part every 2 s: a picture taken across a swap is retried.
    for (int attempt = 1; ; attempt++) {
      try {
        return QrCodes.decode(browser.screenshotOf("#qr-default"));
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt == 3) throw e;
      }
    }
  }

  @Test
  @Order(1)
  void aWrongPasswordIsRefusedAndTheRightOneSignsIn() {
    browser.open("/console/whatsapp");
    assertTrue(browser.path().startsWith("/console/sign-in?next="), browser.path());
    assertAccessible("the sign-in page");
    browser.type("#name", OPERATOR);
    browser.type("#password", "not the password");
    browser.follow("button[type=submit]");
    assertEquals("Wrong name or password.", browser.find("#sign-in-error").getText());

    browser.type("#name", OPERATOR);
    browser.type("#password", PASSWORD);
    browser.follow("button[type=submit]");
    assertEquals("/console/whatsapp", browser.path(), "back where the operator was going");
    assertEquals(OPERATOR, browser.find(".who").getText());
  }

  @Test
  @Order(2)
  void theAccountIsLinkedByScanningTheQrShownOnThePage() {
    browser.open("/console/whatsapp");
    browser.markDocument();
    await("the QR on the page")
        .atMost(Duration.ofSeconds(120))
        .until(() -> browser.present("#qr-default") && fake.qrShowing());
    await("the page shows the QR the phone would see")
        .atMost(LIVE)
        .until(() -> fake.currentQr() != null && fake.currentQr().equals(pageQr()));
    String first = pageQr();
    browser.screenshot(Path.of("docs", "console-whatsapp.png"));
    assertAccessible("the WhatsApp page with its QR");

    await("the page follows the QR as it rotates")
        .atMost(LIVE)
        .until(() -> !first.equals(fake.currentQr()) && fake.currentQr().equals(pageQr()));
    fake.qrRotation(Duration.ofMinutes(5));
    await().atMost(LIVE).until(() -> fake.currentQr().equals(pageQr()));
    assertEquals(fake.currentQr(), pageQr(), "the code on the page is the one the phone scans");

    fake.scan();
    await("linked").atMost(LIVE).until(() -> "ready".equals(sessionState()));
    assertFalse(browser.present("#qr-default"), "no QR once linked");
    assertTrue(browser.sameDocument(), "the state changed on screen without a reload");
    assertEquals("Ready", browser.text("#sessions .badge"));
  }

  @Test
  @Order(3)
  void aClientIsCreatedAndItsKeyCopied() {
    browser.open("/console/clients");
    assertAccessible("the clients page");
    browser.type("#name", "shop");
    browser.follow("form[action='/console/clients'] button[type=submit]");
    assertTrue(browser.find("h2#key-title").getText().contains("API key"));
    assertAccessible("the new key's page");

    browser.click("button[data-copy]");
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> !browser.find("#copy-status").getText().isEmpty());
    apiKey = browser.find("#api-key").getAttribute("value");
    assertTrue(
        browser.find("#copy-status").getText().startsWith("Copied"),
        browser.find("#copy-status").getText());
    browser.driver().setPermission("clipboard-read", "granted");
    Object clipboard =
        browser
            .driver()
            .executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                    + "navigator.clipboard.readText().then(done, function (e) { done('' + e); });");
    assertEquals(apiKey, clipboard, "the clipboard holds the key");
    assertEquals(200, api.get("/messages").key(apiKey).send().status(), "the copied key works");
  }

  @Test
  @Order(4)
  void aTestMessageTurnsSentWithoutReloading() {
    browser.open("/console/send");
    assertAccessible("the send page");
    new Select(browser.find("#client")).selectByValue("shop");
    browser.type("#phone", PHONE);
    browser.type("#name", "Dana");
    browser.type("#text", "Hello from the console");
    browser.follow("form[action='/console/send'] button[type=submit]");
    assertTrue(browser.path().matches("/console/messages/[0-9]+"), browser.path());
    browser.markDocument();
    await("sent")
        .atMost(LIVE)
        .until(() -> "sent".equals(browser.attribute("#message-status", "data-status")));
    assertTrue(browser.sameDocument(), "the status changed on screen without a reload");
    assertEquals(List.of("Hello from the console"), fake.textsTo(PHONE));
    assertAccessible("a sent message's page");
  }

  @Test
  @Order(5)
  void aPendingMessageIsCancelled() {
    long id =
        api.post("/messages")
            .key(apiKey)
            .json(
                Api.obj(
                    "phone",
                    PHONE,
                    "text",
                    "tomorrow",
                    "send_at",
                    OffsetDateTime.now().plusDays(1).toString()))
            .send()
            .id();
    browser.open("/console/messages?client=shop&status=pending");
    assertAccessible("the messages page");
    browser.follow("tr[data-message='" + id + "'] a");
    assertEquals("pending", browser.attribute("#message-status", "data-status"));
    browser.follow("form[action$='/cancel'] button");
    assertEquals("cancelled", browser.attribute("#message-status", "data-status"));
    assertEquals("The message was cancelled.", browser.find(".notice").getText());
    assertEquals(
        "cancelled",
        api.get("/messages/" + id).key(apiKey).send().json().get("status").getAsString());
  }

  @Test
  @Order(6)
  void aFailedMessageIsRetriedAndSent() {
    String phone = "+972509999999";
    fake.markUnknown(phone);
    long id =
        api.post("/messages")
            .key(apiKey)
            .json(Api.obj("phone", phone, "text", "second try"))
            .send()
            .id();
    await("failed")
        .atMost(LIVE)
        .until(
            () ->
                api.get("/messages/" + id)
                    .key(apiKey)
                    .send()
                    .json()
                    .get("status")
                    .getAsString()
                    .equals("failed"));
    browser.open("/console/messages/" + id);
    assertEquals("failed", browser.attribute("#message-status", "data-status"));
    assertFalse(browser.find(".error-text").getText().isEmpty(), "the reason is shown");
    fake.markKnown(phone);
    browser.follow("form[action$='/retry'] button");
    assertEquals("The message is queued again.", browser.find(".notice").getText());
    await("sent after the retry")
        .atMost(LIVE)
        .until(() -> "sent".equals(browser.attribute("#message-status", "data-status")));
    assertEquals(List.of("second try"), fake.textsTo(phone));
  }

  @Test
  @Order(7)
  void aContactNamedLikeAScriptShowsAsText() {
    String name = "<script>window.__injected = 1</script>";
    api.post("/contacts").key(apiKey).json(Api.obj("name", name, "phone", "+972501110000")).send();
    browser.open("/console/clients/shop/contacts?name=script");
    assertEquals(name, browser.find("table tbody td a").getText());
    assertEquals(null, browser.script("return window.__injected;"), "the script never ran");
    assertAccessible("the contacts page");
  }

  @Test
  @Order(8)
  void theOverviewShowsTheQueueAndTheSessionAndFitsAPhone() {
    browser.open("/console");
    assertEquals("ready", browser.attribute("#overview .badge", "data-state"));
    assertEquals("2", browser.text(".stat[data-status='sent'] .stat-value"));
    assertEquals("1", browser.text(".stat[data-status='cancelled'] .stat-value"));
    browser.screenshot(Path.of("docs", "console-overview.png"));
    assertAccessible("the overview");

    Dimension desktop = browser.driver().manage().window().getSize();
    browser.driver().manage().window().setSize(new Dimension(390, 844));
    try {
      for (String page :
          List.of("/console", "/console/whatsapp", "/console/messages", "/console/clients/shop")) {
        browser.open(page);
        assertFalse(browser.overflowsSideways(), page + " fits a phone's width");
      }
    } finally {
      browser.driver().manage().window().setSize(desktop);
    }
  }

  @Test
  @Order(9)
  void theBrowserIsRestartedFromThePageAndStaysLinked() {
    browser.open("/console/whatsapp");
    browser.follow("form[action='/console/whatsapp/restart'] button");
    assertEquals(
        "The browser is restarting on the same profile.", browser.find(".notice").getText());
    await("ready again without a scan")
        .atMost(Duration.ofSeconds(120))
        .until(() -> "ready".equals(sessionState()));
    assertTrue(
        Integer.parseInt(browser.text("#sessions [data-fact='restarts']")) >= 1,
        "the page counts the restart");
  }

  @Test
  @Order(10)
  void signingOutLeavesOnlyTheSignInPage() {
    browser.open("/console");
    browser.follow(".sign-out button");
    assertEquals("You are signed out.", browser.find(".notice").getText());
    browser.open("/console/clients");
    assertTrue(browser.path().startsWith("/console/sign-in"), browser.path());
  }
}
