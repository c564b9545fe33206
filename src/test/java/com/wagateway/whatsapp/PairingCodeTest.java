package com.wagateway.whatsapp;

import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.App;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Linking by phone number: the landing screen's pairing code, through the admin routes. */
@BrowserTest
class PairingCodeTest {
  private TestDatabase db;
  private FakeWhatsAppWeb fake;
  private App app;
  private Api api;
  private WhatsAppWebSender sender;

  private void start(Path dir, FakeWhatsAppWeb double_) {
    db = TestDatabase.create(PairingCodeTest.class);
    fake = double_;
    app =
        App.serve(
            TestConfig.config(db, dir, WhatsAppTestSupport.env(fake, dir.resolve("profile"))),
            config -> {
              sender = new WhatsAppWebSender(config.whatsapp());
              return sender;
            });
    api = new Api(app.httpPort());
    WhatsAppTestSupport.await(
        Duration.ofSeconds(30),
        () -> sender.state().equals("qr_required"),
        () -> "no landing screen; " + sender.state());
  }

  @AfterEach
  void stop() {
    if (app != null) app.close();
    if (fake != null) fake.close();
    if (db != null) db.close();
  }

  private Api.Response ask(String path, String phone) {
    return api.post(path).key(WhatsAppTestSupport.ADMIN_TOKEN).json(obj("phone", phone)).send();
  }

  @Test
  void theCodeShownIsAcceptedByThePhoneAndTheSessionTurnsReady(@TempDir Path dir) {
    start(dir, FakeWhatsAppWeb.fast());
    Api.Response r = ask("/admin/whatsapp/pairing-code", "+972 50-123-4567");
    assertEquals(200, r.status(), r.toString());
    JsonObject body = r.json();
    String code = body.get("code").getAsString();
    assertEquals(8, code.length());
    assertEquals(fake.currentPairingCode(), code, "the code the page shows");
    assertEquals("972501234567", fake.pairingPhone(), "the whole number typed");
    assertEquals(
        code.substring(0, 4) + "-" + code.substring(4), body.get("code_display").getAsString());
    assertEquals("+972501234567", body.get("phone").getAsString());
    assertEquals(
        "qr_required",
        WhatsAppTestSupport.session(api).get("state").getAsString(),
        "still waiting to be linked, not reloading");

    fake.enterCode(code);
    WhatsAppTestSupport.await(
        Duration.ofSeconds(20), sender::ready, () -> "not ready; " + sender.state());
    assertEquals("ready", WhatsAppTestSupport.session(api).get("state").getAsString());

    Api.Response linked = ask("/admin/whatsapp/pairing-code", "+972501234567");
    assertEquals(409, linked.status(), linked.toString());
    assertTrue(linked.body().contains("already linked"), linked.body());
  }

  @Test
  void anExpiredCodeIsReplacedByANewOneOnRequest(@TempDir Path dir) {
    start(dir, FakeWhatsAppWeb.fast().codeRotation(Duration.ofMillis(300)));
    Api.Response first = ask("/admin/sessions/default/pairing-code", "+972501234567");
    assertEquals(200, first.status(), first.toString());
    // Five codes of 300 ms each, then "Code expired".
    WhatsAppTestSupport.await(
        Duration.ofSeconds(10), fake::pairingExpiryShown, () -> "never expired");
    fake.codeRotation(Duration.ofMinutes(3));
    Api.Response again = ask("/admin/sessions/default/pairing-code", "+972501234567");
    assertEquals(200, again.status(), again.toString());
    String code = again.json().get("code").getAsString();
    assertEquals(fake.currentPairingCode(), code);
    assertNotEquals(first.json().get("code").getAsString(), code);
    fake.enterCode(code);
    WhatsAppTestSupport.await(
        Duration.ofSeconds(20), sender::ready, () -> "not ready; " + sender.state());
  }

  @Test
  void badNumbersAndOtherSessionsAreRefused(@TempDir Path dir) {
    start(dir, FakeWhatsAppWeb.fast());
    Api.Response letters = ask("/admin/whatsapp/pairing-code", "call me maybe");
    assertEquals(400, letters.status(), letters.toString());
    assertEquals(
        "phone",
        letters
            .json()
            .getAsJsonArray("errors")
            .get(0)
            .getAsJsonObject()
            .get("field")
            .getAsString());
    Api.Response missing =
        api.post("/admin/whatsapp/pairing-code")
            .key(WhatsAppTestSupport.ADMIN_TOKEN)
            .json(obj())
            .send();
    assertEquals(400, missing.status(), missing.toString());
    assertEquals(404, ask("/admin/sessions/other/pairing-code", "+972501234567").status());
    assertEquals(
        401,
        api.post("/admin/whatsapp/pairing-code")
            .json(obj("phone", "+972501234567"))
            .send()
            .status());
    assertEquals(null, fake.pairingPhone(), "nothing reached the page");
  }
}
