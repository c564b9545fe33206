package com.wagateway.whatsapp;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.config.Config;
import com.wagateway.receipt.ReceiptEvents;
import com.wagateway.receipt.ReceiptStore;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.webhook.Outbox;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receipt that comes while the service is down is not lost: the next run on the same profile
 * reads it off the page (chat list, revisits), since the page still shows it.
 */
@BrowserTest
class ReceiptsAfterRestartTest {

  private static App serve(TestDatabase db, FakeWhatsAppWeb fake, Path dir, WhatsAppWebSender[] s) {
    Config.Receipts receipts =
        new Config.Receipts(true, Duration.ofMillis(500), Duration.ofDays(1), 60);
    return App.serve(
        TestConfig.config(db, dir, WhatsAppTestSupport.env(fake, dir.resolve("profile"))),
        config -> {
          s[0] =
              new WhatsAppWebSender(
                  config.whatsapp(),
                  "default",
                  SessionStateListener.NONE,
                  receipts,
                  new ReceiptStore(
                      db.dsl(), new Outbox(config.webhooks().maxAge()), ReceiptEvents.NONE));
          return s[0];
        });
  }

  private static String status(TestDatabase db, long id) {
    return db.dsl()
        .select(MESSAGE_QUEUE.STATUS)
        .from(MESSAGE_QUEUE)
        .where(MESSAGE_QUEUE.ID.eq(id))
        .fetchOne(MESSAGE_QUEUE.STATUS);
  }

  @Test
  void receiptsShownWhileTheServiceWasDownAreRecordedByTheNextRun(@TempDir Path dir) {
    try (TestDatabase db = TestDatabase.create(ReceiptsAfterRestartTest.class);
        FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast()) {
      String key = new ClientService(db.dsl()).create("restart", null).apiKey();
      String reads = "+972501160001";
      String delivers = "+972501160002";
      fake.receipts()
          .number(reads, Duration.ofSeconds(8), Duration.ofSeconds(10))
          .readReceiptsOff(delivers, Duration.ofSeconds(8));
      WhatsAppWebSender[] sender = new WhatsAppWebSender[1];
      List<Long> read;
      long delivered;
      try (App first = serve(db, fake, dir, sender)) {
        WhatsAppTestSupport.logIn(fake, sender[0]);
        Api api = new Api(first.httpPort());
        read =
            List.of(
                WhatsAppTestSupport.send(api, key, reads, "before the restart 1"),
                WhatsAppTestSupport.send(api, key, reads, "before the restart 2"));
        delivered = WhatsAppTestSupport.send(api, key, delivers, "before the restart 3");
        for (long id : List.of(read.get(0), read.get(1), delivered)) {
          WhatsAppTestSupport.await(
              Duration.ofSeconds(20), () -> status(db, id).equals("sent"), () -> "not sent");
        }
      }
      for (long id : List.of(read.get(0), read.get(1), delivered)) {
        assertNull(
            db.dsl()
                .select(MESSAGE_QUEUE.DELIVERED_AT)
                .from(MESSAGE_QUEUE)
                .where(MESSAGE_QUEUE.ID.eq(id))
                .fetchOne(MESSAGE_QUEUE.DELIVERED_AT),
            "no receipt before the restart");
      }

      try (App second = serve(db, fake, dir, sender)) {
        WhatsAppTestSupport.await(
            Duration.ofSeconds(30), sender[0]::ready, () -> "not ready: " + sender[0].state());
        for (long id : read) {
          WhatsAppTestSupport.await(
              Duration.ofSeconds(60), () -> status(db, id).equals("read"), () -> status(db, id));
        }
        WhatsAppTestSupport.await(
            Duration.ofSeconds(60),
            () -> status(db, delivered).equals("delivered"),
            () -> status(db, delivered));
      }
      assertEquals("delivered", status(db, delivered));
    }
  }
}
