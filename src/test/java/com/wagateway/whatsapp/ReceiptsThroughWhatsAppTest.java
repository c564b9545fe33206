package com.wagateway.whatsapp;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.config.Config;
import com.wagateway.db.schema.tables.records.MessageQueueRecord;
import com.wagateway.receipt.ReceiptEvents;
import com.wagateway.receipt.ReceiptStore;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.support.WebhookReceiver;
import com.wagateway.webhook.Outbox;
import com.wagateway.webhook.WebhookService;
import com.wagateway.whatsapp.fake.FakeReceipts;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receipts through the whole service: HTTP API, queue, worker, a real Chromium on the double whose
 * messages turn delivered and read after delays set per number. One browser for the class.
 */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReceiptsThroughWhatsAppTest {
  /** How often the chat list is read here. */
  private static final Duration LIST_INTERVAL = Duration.ofMillis(500);

  private TestDatabase db;
  private FakeWhatsAppWeb fake;
  private WebhookReceiver receiver;
  private App app;
  private Api api;
  private String key;
  private WhatsAppWebSender sender;

  @BeforeAll
  void start(@TempDir Path dir) {
    db = TestDatabase.create(ReceiptsThroughWhatsAppTest.class);
    fake = FakeWhatsAppWeb.fast();
    fake.receipts().delays(Duration.ofMillis(300), Duration.ofMillis(1500));
    receiver = WebhookReceiver.start();
    // No quota: the run sends 200 messages in well under a minute.
    key = new ClientService(db.dsl()).create("receipts-test", null, 0, 0).apiKey();
    new WebhookService(db.dsl(), Duration.ofHours(1), Duration.ofMinutes(5))
        .create("receipts-test", receiver.url(), List.of());
    Map<String, String> env = new HashMap<>(WhatsAppTestSupport.env(fake, dir.resolve("profile")));
    env.put("WA_WEBHOOK_POLL_INTERVAL", "50ms");
    Config.Receipts receipts = new Config.Receipts(true, LIST_INTERVAL, Duration.ofDays(1), 60);
    app =
        App.serve(
            TestConfig.config(db, dir, env),
            config -> {
              sender =
                  new WhatsAppWebSender(
                      config.whatsapp(),
                      "default",
                      SessionStateListener.NONE,
                      receipts,
                      new ReceiptStore(
                          db.dsl(), new Outbox(config.webhooks().maxAge()), ReceiptEvents.NONE));
              return sender;
            });
    api = new Api(app.httpPort());
    WhatsAppTestSupport.logIn(fake, sender);
  }

  @AfterAll
  void stop() {
    if (app != null) app.close();
    if (receiver != null) receiver.close();
    if (fake != null) fake.close();
    if (db != null) db.close();
  }

  private MessageQueueRecord row(long id) {
    return db.dsl().selectFrom(MESSAGE_QUEUE).where(MESSAGE_QUEUE.ID.eq(id)).fetchOne();
  }

  private void awaitStatus(long id, String status) {
    WhatsAppTestSupport.await(
        Duration.ofSeconds(60),
        () -> row(id).getStatus().equals(status),
        () -> "message " + WhatsAppTestSupport.message(api, key, id));
  }

  /** The double's message of this text (texts are unique here). */
  private FakeWhatsAppWeb.Delivery onThePage(String text) {
    List<FakeWhatsAppWeb.Delivery> on =
        fake.deliveries().stream().filter(d -> d.text().equals(text)).toList();
    assertEquals(1, on.size(), text);
    return on.get(0);
  }

  private List<String> eventsOf(long id) {
    return receiver.received().stream()
        .filter(
            r ->
                r.json().getAsJsonObject("data").getAsJsonObject("message").get("id").getAsLong()
                    == id)
        .map(WebhookReceiver.Request::type)
        .toList();
  }

  private static String expectedStatus(String phone, String never, String readOff) {
    if (phone.equals(never)) return "sent";
    return phone.equals(readOff) ? "delivered" : "read";
  }

  @Test
  void aSentMessageKeepsTheKeyOfItsBubble() {
    long id = WhatsAppTestSupport.send(api, key, "+972501120001", "keep my key");
    awaitStatus(id, "read");
    JsonObject m = WhatsAppTestSupport.message(api, key, id);
    String stored = m.get("wa_message_id").getAsString();
    // The double draws the key as the page of its generation does; the id is its last part.
    assertTrue(stored.endsWith(onThePage("keep my key").id()), stored);
  }

  /**
   * 200 messages to 50 numbers, four rounds, receipts on the double's fast delays. One number never
   * delivers, one has read receipts off.
   */
  @Test
  void twoHundredMessagesToFiftyNumbersReachTheirReceiptsOnceInOrder() {
    int numbers = 50;
    int rounds = 4;
    String never = "+972501130000";
    String readOff = "+972501130001";
    fake.receipts().neverDelivers(never).readReceiptsOff(readOff, Duration.ofMillis(300));
    Map<Long, String> phoneOf = new HashMap<>();
    Map<Long, String> textOf = new HashMap<>();
    List<Long> ids = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (int n = 0; n < numbers; n++) {
        String phone = String.format("+97250113%04d", n);
        String text = "receipt " + round + " to " + n;
        long id = WhatsAppTestSupport.send(api, key, phone, text);
        ids.add(id);
        phoneOf.put(id, phone);
        textOf.put(id, text);
      }
    }
    for (long id : ids) awaitStatus(id, expectedStatus(phoneOf.get(id), never, readOff));
    WhatsAppTestSupport.await(
        Duration.ofSeconds(30),
        // Every message sent, all but the four to the number that never delivers delivered, and
        // all but those and the four to the one with read receipts off read.
        () -> receiver.received().size() >= numbers * rounds * 3 - 3 * rounds,
        () -> receiver.received().size() + " events");

    for (long id : ids) {
      String phone = phoneOf.get(id);
      MessageQueueRecord m = row(id);
      FakeWhatsAppWeb.Delivery page = onThePage(textOf.get(id));
      assertTrue(m.getWaMessageId().endsWith(page.id()), "matched to its own bubble: " + id);
      List<String> expected =
          phone.equals(never)
              ? List.of("message.sent")
              : phone.equals(readOff)
                  ? List.of("message.sent", "message.delivered")
                  : List.of("message.sent", "message.delivered", "message.read");
      assertEquals(expected, eventsOf(id), "events of message " + id + " to " + phone);
      assertEquals(expectedStatus(phone, never, readOff), m.getStatus(), "never moved back");
      if (!phone.equals(never)) {
        FakeReceipts.Times times = fake.receiptTimes(page.id());
        assertFalse(
            m.getDeliveredAt().toInstant().isBefore(times.delivered().minusMillis(100)),
            "not delivered before the page showed it: " + id);
      }
    }
  }

  @Test
  void theChatListShowsTheTwoTicksThenTheReadEachRecordedOnceThePageShowsIt() {
    String phone = "+972501140001";
    fake.receipts().number(phone, Duration.ofSeconds(2), Duration.ofSeconds(4));
    long id = WhatsAppTestSupport.send(api, key, phone, "watched by the chat list");
    awaitStatus(id, "read");
    MessageQueueRecord m = row(id);
    FakeReceipts.Times page = fake.receiptTimes(onThePage("watched by the chat list").id());
    assertNotNull(m.getDeliveredAt());
    Instant delivered = m.getDeliveredAt().toInstant();
    Instant read = m.getReadAt().toInstant();
    // Order, not speed: how soon after the page the chat list (every LIST_INTERVAL) sees a tick
    // depends on the machine's load; that figure belongs in ReceiptBenchmark.
    System.out.printf(
        "Delivered seen %d ms, read %d ms after the page showed them (list every %d ms)%n",
        Duration.between(page.delivered(), delivered).toMillis(),
        Duration.between(page.read(), read).toMillis(),
        LIST_INTERVAL.toMillis());
    assertFalse(delivered.isBefore(page.delivered().minusMillis(100)), "delivered seen early");
    assertFalse(read.isBefore(page.read().minusMillis(100)), "read seen early");
    assertFalse(read.isBefore(delivered), "delivered, then read");
  }

  @Test
  void anEarlierMessageThatOnlyItsChatShowsIsFoundDeliveredByARevisit() {
    String phone = "+972501150001";
    // Two ticks come after both were sent, and the chat list shows only the last message.
    fake.receipts().readReceiptsOff(phone, Duration.ofSeconds(2));
    long first = WhatsAppTestSupport.send(api, key, phone, "revisit one");
    long second = WhatsAppTestSupport.send(api, key, phone, "revisit two");
    awaitStatus(second, "delivered");
    awaitStatus(first, "delivered");
    FakeReceipts.Times page = fake.receiptTimes(onThePage("revisit one").id());
    assertFalse(
        row(first).getDeliveredAt().toInstant().isBefore(page.delivered().minusMillis(100)));
  }
}
