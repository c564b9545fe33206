package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receipts through the whole service: HTTP API, queue, worker, a real Chromium on the double. One
 * browser for the class.
 */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReceiptsThroughWhatsAppTest {
  private TestDatabase db;
  private FakeWhatsAppWeb fake;
  private App app;
  private Api api;
  private String key;
  private WhatsAppWebSender sender;

  @BeforeAll
  void start(@TempDir Path dir) {
    db = TestDatabase.create(ReceiptsThroughWhatsAppTest.class);
    fake = FakeWhatsAppWeb.fast();
    key = new ClientService(db.dsl()).create("receipts-test", null).apiKey();
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

  @AfterAll
  void stop() {
    if (app != null) app.close();
    if (fake != null) fake.close();
    if (db != null) db.close();
  }

  private JsonObject awaitStatus(long id, String status) {
    WhatsAppTestSupport.await(
        Duration.ofSeconds(20),
        () -> WhatsAppTestSupport.status(api, key, id).equals(status),
        () -> "message " + WhatsAppTestSupport.message(api, key, id));
    return WhatsAppTestSupport.message(api, key, id);
  }

  @Test
  void aSentMessageKeepsTheKeyOfItsBubble() {
    long id = WhatsAppTestSupport.send(api, key, "+972501120001", "keep my key");
    JsonObject m = awaitStatus(id, "sent");
    List<FakeWhatsAppWeb.Delivery> on =
        fake.deliveries().stream().filter(d -> d.text().equals("keep my key")).toList();
    assertEquals(1, on.size());
    String stored = m.get("wa_message_id").getAsString();
    // The double draws the key as the page of its generation does; the id is its last part.
    assertTrue(stored.endsWith(on.get(0).id()), stored + " holds " + on.get(0).id());
  }
}
