package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.client.NewKey;
import com.wagateway.config.Config;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * Linking the browser: the operator fetches the QR from the admin route, the phone scans it, the
 * session becomes ready and sends; the next start on the same profile needs no scan.
 */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WhatsAppLoginTest {
  private static final String PHONE = "+972501234567";
  private TestDatabase db;
  private FakeWhatsAppWeb fake;
  private Path dir;
  private NewKey key;

  @BeforeAll
  void start(@TempDir Path dir) {
    this.dir = dir;
    db = TestDatabase.create(WhatsAppLoginTest.class);
    fake = FakeWhatsAppWeb.fast();
    key = new ClientService(db.dsl()).create("login-test", null);
  }

  @AfterAll
  void stop() {
    if (fake != null) fake.close();
    if (db != null) db.close();
  }

  private App serve() {
    Map<String, String> env = new HashMap<>(WhatsAppTestSupport.env(fake, dir.resolve("profile")));
    Config config = TestConfig.config(db, dir, env);
    return App.serve(config);
  }

  private static String state(Api api) {
    return WhatsAppTestSupport.session(api).get("state").getAsString();
  }

  @Test
  @Order(1)
  void qrIsShownThenScannedThenReadyAndAMessageIsSent() {
    try (App app = serve()) {
      Api api = new Api(app.httpPort());
      WhatsAppTestSupport.await(
          Duration.ofSeconds(30),
          () ->
              state(api).equals("qr_required")
                  && WhatsAppTestSupport.session(api).get("qr_available").getAsBoolean(),
          () -> "status " + WhatsAppTestSupport.session(api));
      long queued = WhatsAppTestSupport.send(api, key.apiKey(), PHONE, "queued before the scan");

      assertEquals(401, api.get("/admin/whatsapp/qr").send().status());
      assertEquals(401, api.get("/admin/whatsapp/qr").key("wrong").send().status());
      Api.Response qr = api.get("/admin/whatsapp/qr").key(WhatsAppTestSupport.ADMIN_TOKEN).send();
      assertEquals(200, qr.status());
      assertEquals("image/png", qr.header("Content-Type"));
      assertEquals(
          fake.currentQr(), QrCodes.decode(qr.bytes()), "the PNG holds the QR the page shows");
      assertEquals(
          "pending",
          WhatsAppTestSupport.status(api, key.apiKey(), queued),
          "nothing is sent before the scan");
      assertEquals(
          "qr_required",
          WhatsAppTestSupport.message(api, key.apiKey(), queued).get("waiting_for").getAsString(),
          "the message says what it waits for");

      fake.scan();
      WhatsAppTestSupport.await(
          Duration.ofSeconds(10), () -> state(api).equals("ready"), () -> "state " + state(api));
      Api.Response noQr = api.get("/admin/whatsapp/qr").key(WhatsAppTestSupport.ADMIN_TOKEN).send();
      assertEquals(409, noQr.status());
      assertTrue(noQr.body().contains("already logged in"));

      WhatsAppTestSupport.await(
          Duration.ofSeconds(15),
          () -> WhatsAppTestSupport.status(api, key.apiKey(), queued).equals("sent"),
          () -> "message " + WhatsAppTestSupport.message(api, key.apiKey(), queued));
      assertEquals(List.of("queued before the scan"), fake.textsTo(PHONE));
    }
  }

  @Test
  @Order(2)
  void restartWithTheSameProfileIsReadyWithoutAScan() {
    int qrsBefore = fake.qrServed();
    try (App app = serve()) {
      Api api = new Api(app.httpPort());
      WhatsAppTestSupport.await(
          Duration.ofSeconds(30), () -> state(api).equals("ready"), () -> "state " + state(api));
      assertEquals(qrsBefore, fake.qrServed(), "no new QR was shown");
      long id = WhatsAppTestSupport.send(api, key.apiKey(), PHONE, "after the restart");
      WhatsAppTestSupport.await(
          Duration.ofSeconds(15),
          () -> WhatsAppTestSupport.status(api, key.apiKey(), id).equals("sent"),
          () -> "message " + WhatsAppTestSupport.message(api, key.apiKey(), id));
      assertEquals(List.of("queued before the scan", "after the restart"), fake.textsTo(PHONE));
    }
  }

  @Test
  @Order(3)
  void qrIsReadFromTheCanvasWhenTheContainerHasNoDataRef() {
    fake.dataRef(false);
    try (WhatsAppWebSender sender =
        new WhatsAppWebSender(
            WhatsAppTestSupport.whatsapp(fake, dir.resolve("other-profile"), Map.of()))) {
      WhatsAppTestSupport.await(
          Duration.ofSeconds(30),
          () ->
              sender.status().qrPayload() != null
                  && sender.status().state() == SessionState.QR_REQUIRED,
          () -> "state " + sender.state());
      assertEquals(SessionState.QR_REQUIRED, sender.status().state());
      assertEquals(fake.currentQr(), sender.status().qrPayload());
    } finally {
      fake.dataRef(true);
    }
  }

  @Test
  @Order(4)
  void adminRoutesAreOffWithoutAnAdminToken() {
    Map<String, String> env = new HashMap<>();
    env.put("WA_SENDER", "log");
    try (App app = App.serve(TestConfig.config(db, dir, env))) {
      Api api = new Api(app.httpPort());
      Api.Response r = api.get("/admin/whatsapp/qr").key("anything").send();
      assertEquals(403, r.status());
      assertTrue(r.body().contains("WA_ADMIN_TOKEN"));
      assertEquals(403, api.get("/admin/whatsapp/status").send().status());
    }
  }
}
