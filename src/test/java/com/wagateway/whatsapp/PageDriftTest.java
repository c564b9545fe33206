package com.wagateway.whatsapp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb.Generation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.slf4j.LoggerFactory;

/**
 * WhatsApp Web changes so that no known hook marks our own messages any more. Each of the first
 * three sends reaches the phone at most once and ends unconfirmed; then the session stops
 * (degraded) and says which selectors found nothing; the rest wait as pending and never reach the
 * phone; after the operator repairs the selector in WA_SELECTORS_FILE and resumes, they go, once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@BrowserTest
class PageDriftTest {
  private static final String PHONE = "+972501230001";
  private static final String ADMIN = WhatsAppTestSupport.ADMIN_TOKEN;

  private TestDatabase db;
  private FakeWhatsAppWeb fake;
  private App app;
  private WhatsAppWebSender sender;
  private Api api;
  private String key;
  private Path selectorsFile;
  private final List<Long> ids = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();
  private final ListAppender<ILoggingEvent> sessionLog = new ListAppender<>();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(SessionTracker.class);
    logger.setLevel(Level.INFO);
    sessionLog.start();
    logger.addAppender(sessionLog);

    db = TestDatabase.create(PageDriftTest.class);
    fake = FakeWhatsAppWeb.fast();
    key = new ClientService(db.dsl()).create("drift", null).apiKey();
    selectorsFile = dir.resolve("selectors.properties");
    Files.writeString(selectorsFile, "# the built-in table, nothing replaced yet\n");
    Map<String, String> env = WhatsAppTestSupport.env(fake, dir.resolve("profile"));
    env.put("WA_SEND_TIMEOUT", "2s");
    env.put("WA_SELECTORS_FILE", selectorsFile.toString());
    env.put("WA_READY_REQUIRES_WHATSAPP", "true");
    app =
        App.serve(
            TestConfig.config(db, dir, env),
            config -> {
              sender = new WhatsAppWebSender(config.whatsapp());
              return sender;
            });
    api = new Api(app.httpPort());
    WhatsAppTestSupport.logIn(fake, sender);
    fake.generation(Generation.UNMARKED);
  }

  @AfterAll
  void stop() {
    ((Logger) LoggerFactory.getLogger(SessionTracker.class)).detachAppender(sessionLog);
    if (app != null) app.close();
    if (fake != null) fake.close();
    if (db != null) db.close();
  }

  private JsonObject message(long id) {
    return api.get("/messages/" + id).key(key).send().json();
  }

  private String status(long id) {
    return message(id).get("status").getAsString();
  }

  private long count(String text) {
    return fake.textsTo(PHONE).stream().filter(text::equals).count();
  }

  @Test
  @Order(1)
  void eachOfTheFirstThreeReachesThePhoneAtMostOnceAndEndsUnconfirmed() {
    for (int i = 1; i <= 6; i++) {
      String text = "drift " + i + " שלום 👋🏽";
      texts.add(text);
      Api.Response r =
          api.post("/messages").key(key).json(Api.obj("phone", PHONE, "text", text)).send();
      assertEquals(201, r.status(), r.body());
      ids.add(r.id());
    }
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> ids.subList(0, 3).stream().allMatch(id -> status(id).equals("unconfirmed")));
    for (int i = 0; i < 3; i++) {
      assertTrue(count(texts.get(i)) <= 1, "sent at most once: " + texts.get(i));
      JsonObject m = message(ids.get(i));
      assertEquals(1, m.get("attempts").getAsInt());
      assertTrue(
          m.get("error_reason").getAsString().contains("outgoing_message"),
          m.get("error_reason").getAsString());
    }
  }

  @Test
  @Order(2)
  void theSessionTurnsDegradedAndNamesTheSelectorsThatFoundNothing() {
    await().atMost(Duration.ofMinutes(2)).until(() -> sender.state().equals("degraded"));

    JsonObject status = api.get("/admin/whatsapp/status").key(ADMIN).send().json();
    assertEquals("degraded", status.get("state").getAsString());
    assertEquals(
        "outgoing_message", status.getAsJsonArray("missing_selectors").get(0).getAsString());
    assertTrue(status.get("last_error").getAsString().contains("3 sends in a row"));

    Api.Response ready = api.get("/health/ready").send();
    assertEquals(503, ready.status(), "WA_READY_REQUIRES_WHATSAPP=true");
    JsonObject whatsapp = ready.json().getAsJsonObject("checks").getAsJsonObject("whatsapp");
    assertEquals("degraded", whatsapp.get("state").getAsString());
    assertTrue(whatsapp.get("detail").getAsString().contains("outgoing_message"));

    JsonObject report = api.get("/admin/whatsapp/selectors").key(ADMIN).send().json();
    JsonObject elements = report.getAsJsonObject("elements");
    assertTrue(elements.get("outgoing_message").isJsonNull(), report.toString());
    assertEquals(1, elements.getAsJsonObject("logged_in").get("generation").getAsInt());
    assertFalse(elements.get("compose_box").isJsonNull(), "the chat is still open");

    assertTrue(
        sessionLog.list.stream()
            .anyMatch(
                e ->
                    e.getLevel() == Level.ERROR
                        && e.getFormattedMessage().contains("-> degraded")
                        && e.getFormattedMessage().contains("outgoing_message")
                        && e.getFormattedMessage().contains("POST /admin/whatsapp/resume")),
        "an ERROR line says what happened and what to do");
  }

  @Test
  @Order(3)
  void laterMessagesStayPendingAndNeverReachThePhone() {
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                ids.subList(3, 6).stream().allMatch(id -> status(id).equals("pending"))
                    && texts.subList(3, 6).stream().allMatch(t -> count(t) == 0));
    for (long id : ids.subList(3, 6)) {
      JsonObject m = message(id);
      assertEquals(0, m.get("attempts").getAsInt(), "handed back unsent, attempt not counted");
      assertEquals("degraded", m.get("waiting_for").getAsString());
    }
  }

  @Test
  @Order(4)
  void resumingWithASelectorsFileThatDoesNotParseChangesNothing() throws Exception {
    Files.writeString(selectorsFile, "outgoing_message.first = div\n");
    Api.Response r = api.post("/admin/whatsapp/resume").key(ADMIN).send();
    assertEquals(422, r.status(), r.body());
    assertTrue(r.json().get("detail").getAsString().contains("outgoing_message.first"));
    assertEquals("degraded", sender.state());
  }

  @Test
  @Order(5)
  void afterTheSelectorIsRepairedAndTheSessionResumedTheRestGoOnce() throws Exception {
    Files.writeString(selectorsFile, "outgoing_message.1 = [data-from-me=\"true\"]\n");
    Api.Response r = api.post("/admin/whatsapp/resume").key(ADMIN).send();
    assertEquals(200, r.status(), r.body());
    assertEquals("ready", r.json().get("state").getAsString());

    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> ids.subList(3, 6).stream().allMatch(id -> status(id).equals("sent")));
    for (String text : texts) assertEquals(1, count(text), "exactly once: " + text);
    for (long id : ids.subList(0, 3)) assertEquals("unconfirmed", status(id), "never resent");
    JsonObject report = api.get("/admin/whatsapp/selectors").key(ADMIN).send().json();
    JsonObject outgoing = report.getAsJsonObject("elements").getAsJsonObject("outgoing_message");
    assertEquals("[data-from-me=\"true\"]", outgoing.get("selector").getAsString());
  }

  @Test
  @Order(6)
  void anOperatorMayRetryAnUnconfirmedMessageOnPurpose() {
    long id = ids.get(0);
    Api.Response r = api.post("/messages/" + id + "/retry").key(key).send();
    assertEquals(200, r.status(), r.body());
    assertEquals("pending", r.json().get("status").getAsString());
    await().atMost(Duration.ofSeconds(120)).until(() -> status(id).equals("sent"));
    assertEquals(2, count(texts.get(0)), "sent again, because the operator asked");
  }
}
