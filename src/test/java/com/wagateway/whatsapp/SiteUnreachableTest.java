package com.wagateway.whatsapp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.queue.SendResult;
import com.wagateway.support.BrowserTest;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chromium runs but WhatsApp Web cannot be reached (here: nothing listens on its port). That is
 * {@code site_unreachable}, not a broken browser: the browser is not restarted, the site is tried
 * again with backoff, and the session comes up by itself once the site answers.
 */
@BrowserTest
class SiteUnreachableTest {

  @Test
  void closedPortIsSiteUnreachableAndTheSessionComesUpWhenTheSiteDoes(@TempDir Path dir)
      throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (FakeWhatsAppWeb placeholder = FakeWhatsAppWeb.fast();
        WhatsAppWebSender sender =
            new WhatsAppWebSender(
                WhatsAppTestSupport.whatsapp(
                    placeholder,
                    dir.resolve("profile"),
                    Map.of("WA_WHATSAPP_WEB_URL", "http://127.0.0.1:" + port)))) {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> sender.status().state() == SessionState.SITE_UNREACHABLE);
      SessionStatus s = sender.status();
      assertTrue(
          s.lastError().contains("net::ERR_CONNECTION_REFUSED"), "names the network error: " + s);
      assertEquals(0, s.browserRestarts(), "the browser itself is fine");
      assertFalse(sender.ready());
      assertTrue(sender.detail().contains("cannot be reached"), sender.detail());

      WhatsAppTestSupport.RecordingHandoff handoff = new WhatsAppTestSupport.RecordingHandoff();
      SendResult r = sender.send(WhatsAppTestSupport.message(1, "+972501234567", "hi"), handoff);
      assertInstanceOf(SendResult.TransientFailure.class, r, "retried later, never sent");
      assertFalse(handoff.begun());

      try (FakeWhatsAppWeb site = new FakeWhatsAppWeb(port).fastDelays()) {
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> sender.status().state() == SessionState.QR_REQUIRED);
        assertEquals(0, sender.status().browserRestarts(), "the same browser reached the site");
      }
    }
  }
}
