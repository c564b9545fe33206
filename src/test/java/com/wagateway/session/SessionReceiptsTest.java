package com.wagateway.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.WhatsAppTestSupport;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as deployed (sessions hosted by the instance, no sender handed in): each session's
 * browser follows its messages' receipts into the database, and the metrics count them.
 */
@BrowserTest
class SessionReceiptsTest {
  private static final String ADMIN = WhatsAppTestSupport.ADMIN_TOKEN;

  @Test
  void aHostedSessionRecordsReadReceiptsAndCountsThem(@TempDir Path dir) {
    try (TestDatabase db = TestDatabase.create(SessionReceiptsTest.class);
        FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast()) {
      fake.receipts().delays(Duration.ofMillis(300), Duration.ofSeconds(1));
      String key = new ClientService(db.dsl()).create("hosted", null).apiKey();
      Map<String, String> env = new HashMap<>(WhatsAppTestSupport.env(fake, dir.resolve("p")));
      env.put("WA_RECEIPTS", "true");
      env.put("WA_RECEIPTS_LIST_INTERVAL", "500ms");
      try (App app = App.serve(TestConfig.config(db, dir, env))) {
        Api api = new Api(app.httpPort());
        WhatsAppTestSupport.await(
            Duration.ofSeconds(30), fake::qrShowing, () -> "the session shows no QR");
        fake.scan();
        WhatsAppTestSupport.await(
            Duration.ofSeconds(20),
            () ->
                api.get("/admin/sessions/default")
                    .key(ADMIN)
                    .send()
                    .json()
                    .get("state")
                    .getAsString()
                    .equals("ready"),
            () -> "not ready");
        long id = WhatsAppTestSupport.send(api, key, "+972501170001", "read me, hosted");
        WhatsAppTestSupport.await(
            Duration.ofSeconds(30),
            () -> WhatsAppTestSupport.status(api, key, id).equals("read"),
            () -> WhatsAppTestSupport.message(api, key, id).toString());
        String metrics = api.get("/metrics").send().body();
        assertTrue(metrics.contains("wa_messages_read_total 1.0"), metrics);
        assertTrue(metrics.contains("wa_messages_delivered_total 1.0"), metrics);
      }
    }
  }
}
