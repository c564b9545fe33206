package com.wagateway.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.App;
import com.wagateway.operator.OperatorService;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.WhatsAppTestSupport;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's WhatsApp page offers a pairing code beside the QR. */
@BrowserTest
class ConsolePairingTest {

  @Test
  void anOperatorGetsAPairingCodeAndThePhoneLinksWithIt(@TempDir Path dir) {
    try (TestDatabase db = TestDatabase.create(ConsolePairingTest.class);
        FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast();
        App app =
            App.serve(
                TestConfig.config(db, dir, WhatsAppTestSupport.env(fake, dir.resolve("sender"))));
        OperatorBrowser browser = new OperatorBrowser(app.httpPort(), dir.resolve("operator"))) {
      new OperatorService(db.dsl()).create("ana", "a long operator password");
      browser.open("/console/whatsapp");
      browser.type("#name", "ana");
      browser.type("#password", "a long operator password");
      browser.follow("button[type=submit]");
      await("the landing screen").atMost(Duration.ofSeconds(120)).until(fake::qrShowing);

      browser.type("#pairing-phone", "+972 50-765-4321");
      browser.follow("#pairing-submit");
      String shown = browser.attribute("#pairing-code", "data-code");
      String code = fake.currentPairingCode();
      assertEquals(code.substring(0, 4) + "-" + code.substring(4), shown);
      assertEquals("972507654321", fake.pairingPhone());
      assertTrue(
          browser.accessibilityProblems().isEmpty(), browser.accessibilityProblems().toString());

      fake.enterCode(code);
      await("linked")
          .atMost(Duration.ofSeconds(120))
          .until(() -> "ready".equals(browser.attribute("#sessions .badge", "data-state")));
    }
  }
}
