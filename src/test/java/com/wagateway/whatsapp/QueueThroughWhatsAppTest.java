package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb.Generation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole service: HTTP API, PostgreSQL queue, worker, WhatsApp Web in Chromium, the double. One
 * browser for the class.
 */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueThroughWhatsAppTest {
  private TestDatabase db;
  private FakeWhatsAppWeb fake;
  private App app;
  private Api api;
  private String key;
  private WhatsAppWebSender sender;

  @BeforeAll
  void start(@TempDir Path dir) {
    db = TestDatabase.create(QueueThroughWhatsAppTest.class);
    fake = FakeWhatsAppWeb.fast();
    key = new ClientService(db.dsl()).create("queue-test", null).apiKey();
    app =
        App.serve(
            TestConfig.config(db, dir, WhatsAppTestSupport.env(fake, dir.resolve("profile"))),
            config -> {
              sender = new WhatsAppWebSender(config.whatsapp());
              return sender;
            });
    api = new Api(app.httpPort());
    WhatsAppTestSupport.logIn(fake, sender);
  }

  @BeforeEach
  void loggedIn() {
    if (!sender.ready()) WhatsAppTestSupport.logIn(fake, sender);
  }

  @AfterAll
  void stop() {
    if (app != null) app.close();
    if (fake != null) fake.close();
    if (db != null) db.close();
  }

  private void awaitStatus(long id, String status) {
    WhatsAppTestSupport.await(
        Duration.ofSeconds(20),
        () -> WhatsAppTestSupport.status(api, key, id).equals(status),
        () -> "message " + WhatsAppTestSupport.message(api, key, id));
  }

  @Test
  void postedMessageIsDeliveredAndReportedSent() {
    String text = "Your order #1234 is ready 🎉\nשלום, see you soon!";
    long id = WhatsAppTestSupport.send(api, key, "+972501110001", text);
    awaitStatus(id, "sent");
    assertEquals(List.of(text), fake.textsTo("+972501110001"));
    JsonObject m = WhatsAppTestSupport.message(api, key, id);
    assertEquals(1, m.get("attempts").getAsInt());
    assertTrue(m.get("error_reason").isJsonNull());
  }

  @ParameterizedTest
  @EnumSource(names = {"BARE_IDS", "MID_2026", "EARLIER_2025"})
  void hebrewEmojiAndMultiLineTextsEachArriveOnceAndEndSent(Generation generation) {
    fake.generation(generation);
    String phone = "+97250111002" + generation.ordinal();
    List<String> texts =
        List.of(
            "שלום! ההזמנה שלך מוכנה לאיסוף",
            "Thanks 🙏🏽 see you soon 🎉👨‍👩‍👧",
            "Line one\nLine two\n\nafter a blank line");
    List<Long> ids = texts.stream().map(t -> WhatsAppTestSupport.send(api, key, phone, t)).toList();
    try {
      for (long id : ids) awaitStatus(id, "sent");
    } finally {
      fake.generation(Generation.BARE_IDS);
    }
    assertEquals(texts, fake.textsTo(phone), "each exactly once, in order");
    for (long id : ids)
      assertEquals(1, WhatsAppTestSupport.message(api, key, id).get("attempts").getAsInt());
  }

  @Test
  void selectorReportNamesTheGenerationThatMatchesThePageNow() {
    long id = WhatsAppTestSupport.send(api, key, "+972501110013", "for the report");
    awaitStatus(id, "sent");
    // Two ticks come one ack delay after the first: wait for the page to show them.
    Supplier<JsonObject> report =
        () ->
            api.get("/admin/whatsapp/selectors")
                .key(WhatsAppTestSupport.ADMIN_TOKEN)
                .send()
                .json()
                .getAsJsonObject("elements");
    WhatsAppTestSupport.await(
        Duration.ofSeconds(5),
        () ->
            report
                .get()
                .getAsJsonObject("sent_icon")
                .get("selector")
                .getAsString()
                .contains("dblcheck"),
        () -> "report " + report.get());
    JsonObject elements = report.get();
    JsonObject outgoing = elements.getAsJsonObject("outgoing_message");
    // The page of today: rows carry a bare id; ours are the rows holding a status icon.
    assertEquals(1, outgoing.get("generation").getAsInt());
    assertTrue(outgoing.get("selector").getAsString().startsWith("#main [data-id]:has("));
    assertEquals(
        "[data-icon=\"msg-dblcheck\"]",
        elements.getAsJsonObject("sent_icon").get("selector").getAsString(),
        "delivered: two ticks, found by the first generation that matches");
    assertFalse(elements.get("compose_box").isJsonNull());
    assertTrue(elements.get("qr_canvas").isJsonNull());
    assertTrue(elements.get("invalid_number").isJsonNull());
  }

  @Test
  void unknownNumberFailsAfterOneAttemptWithoutRetry() {
    fake.markUnknown("+972501110002");
    long id = WhatsAppTestSupport.send(api, key, "+972501110002", "hello stranger");
    awaitStatus(id, "failed");
    JsonObject m = WhatsAppTestSupport.message(api, key, id);
    assertEquals("+972501110002 is not on WhatsApp", m.get("error_reason").getAsString());
    assertEquals(1, m.get("attempts").getAsInt());
    // WA_WORKER_RETRY_DELAY is 0 in tests: a retry would be due at once, and claimed before any
    // later message, so by the time the next one is sent it would have happened.
    long next = WhatsAppTestSupport.send(api, key, "+972501110003", "the dialog was closed");
    awaitStatus(next, "sent");
    assertEquals(1, WhatsAppTestSupport.message(api, key, id).get("attempts").getAsInt());
    assertEquals("failed", WhatsAppTestSupport.status(api, key, id));
    assertEquals(List.of(), fake.textsTo("+972501110002"));
  }

  @Test
  void logoutPausesTheWorkerUntilANewScan() {
    fake.logout();
    WhatsAppTestSupport.await(
        Duration.ofSeconds(10),
        () -> sender.state().equals("logged_out"),
        () -> "state " + sender.state());
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++)
      ids.add(WhatsAppTestSupport.send(api, key, "+972501110004", "while logged out " + i));
    // Nothing to wait for but time: the messages stay pending, unclaimed, while logged out.
    Awaitility.await("nothing claimed while logged out")
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                ids.stream()
                    .map(id -> WhatsAppTestSupport.message(api, key, id))
                    .allMatch(
                        m ->
                            m.get("status").getAsString().equals("pending")
                                && m.get("attempts").getAsInt() == 0
                                && m.get("waiting_for").getAsString().equals("logged_out")));
    assertEquals(List.of(), fake.textsTo("+972501110004"));

    WhatsAppTestSupport.logIn(fake, sender);
    for (long id : ids) awaitStatus(id, "sent");
    assertFalse(WhatsAppTestSupport.message(api, key, ids.get(0)).has("waiting_for"));
    assertEquals(
        List.of("while logged out 0", "while logged out 1", "while logged out 2"),
        fake.textsTo("+972501110004"));
  }
}
