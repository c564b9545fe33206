package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.BrowserTest;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A browser that stops answering (frozen with SIGSTOP) is abandoned and a new one started. */
@BrowserTest
class BrowserHangTest {

  @Test
  void hungBrowserIsReplaced(@TempDir Path dir) throws Exception {
    Path profile = dir.resolve("profile").toAbsolutePath();
    try (FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast();
        WhatsAppWebSender sender =
            new WhatsAppWebSender(
                WhatsAppTestSupport.whatsapp(
                    fake,
                    profile,
                    Map.of("WA_PAGE_LOAD_TIMEOUT", "15s", "WA_SEND_TIMEOUT", "5s")))) {
      WhatsAppTestSupport.logIn(fake, sender);
      WhatsAppTestSupport.await(
          Duration.ofSeconds(30),
          () -> BrowserCrashTest.loginOnDisk(profile),
          () -> "login not on disk");
      long frozen = BrowserCrashTest.browserProcess(profile).orElseThrow().pid();
      new ProcessBuilder("kill", "-STOP", Long.toString(frozen)).start().waitFor();

      // On a loaded machine the page-load limit may restart the new browser once more: what counts
      // is that a new Chromium runs, ready, whenever that is. (At 3 s, a machine at load 40 never
      // got a healthy browser loaded in time.)
      WhatsAppTestSupport.await(
          Duration.ofSeconds(40),
          () ->
              sender.status().browserRestarts() >= 1
                  && sender.ready()
                  && BrowserCrashTest.browserProcess(profile)
                      .map(p -> p.pid() != frozen)
                      .orElse(false),
          () ->
              "state "
                  + sender.state()
                  + ", restarts "
                  + sender.status().browserRestarts()
                  + ", "
                  + sender.status().lastError()
                  + ", browser "
                  + BrowserCrashTest.browserProcess(profile).map(ProcessHandle::pid));
      assertTrue(
          ProcessHandle.of(frozen).map(p -> !p.isAlive()).orElse(true), "the frozen one was ended");
      WhatsAppTestSupport.assertSent(
          WhatsAppTestSupport.send(sender, 1, "+972501234567", "after the hang"));
      assertEquals(List.of("after the hang"), fake.textsTo("+972501234567"));
    }
  }
}
