package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.queue.SendResult;
import com.wagateway.support.BrowserTest;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb.Generation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Session states read from the page, and sends the page never confirms. */
@BrowserTest
class SessionStateTest {

  @Test
  void sessionOpenElsewhereIsReportedAndTakenBackOnlyWhenConfigured(@TempDir Path dir) {
    Path profile = dir.resolve("profile");
    try (FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast()) {
      try (WhatsAppWebSender sender =
          new WhatsAppWebSender(WhatsAppTestSupport.whatsapp(fake, profile, Map.of()))) {
        WhatsAppTestSupport.logIn(fake, sender);
        fake.takeOver();
        WhatsAppTestSupport.await(
            Duration.ofSeconds(10), () -> sender.state().equals("taken_over"), sender::state);
        assertFalse(sender.ready());
        SendResult r = WhatsAppTestSupport.send(sender, 1, "+972501234567", "not now");
        assertInstanceOf(SendResult.TransientFailure.class, r);
        assertTrue(
            fake.takenOver(), "\"Use here\" is not clicked unless WA_WHATSAPP_TAKE_OVER=true");
      }
      try (WhatsAppWebSender sender =
          new WhatsAppWebSender(
              WhatsAppTestSupport.whatsapp(
                  fake, profile, Map.of("WA_WHATSAPP_TAKE_OVER", "true")))) {
        WhatsAppTestSupport.await(Duration.ofSeconds(20), sender::ready, sender::state);
        assertFalse(fake.takenOver());
        WhatsAppTestSupport.assertSent(
            WhatsAppTestSupport.send(sender, 2, "+972501234567", "back"));
        assertEquals(List.of("back"), fake.textsTo("+972501234567"));
      }
    }
  }

  @Test
  void clockThatNeverTurnsEndsUnconfirmedAfterOneAttempt(@TempDir Path dir) {
    try (FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast();
        WhatsAppWebSender sender =
            new WhatsAppWebSender(
                WhatsAppTestSupport.whatsapp(
                    fake, dir.resolve("profile"), Map.of("WA_SEND_TIMEOUT", "700ms")))) {
      WhatsAppTestSupport.logIn(fake, sender);
      fake.acknowledge(false);
      WhatsAppTestSupport.RecordingHandoff handoff = new WhatsAppTestSupport.RecordingHandoff();
      SendResult r =
          sender.send(
              WhatsAppTestSupport.message(7, "+972501234567", "stuck on the clock"), handoff);
      assertInstanceOf(SendResult.Unconfirmed.class, r);
      assertTrue(((SendResult.Unconfirmed) r).reason().contains("clock"), r.toString());
      assertTrue(handoff.begun(), "the point of no return was recorded before Enter");
      assertEquals(List.of("stuck on the clock"), fake.textsTo("+972501234567"));
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"BARE_IDS", "MID_2026", "EARLIER_2025"})
  void messageThePageMarksFailedEndsUnconfirmed(Generation generation, @TempDir Path dir) {
    try (FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast().generation(generation).failSends(true);
        WhatsAppWebSender sender =
            new WhatsAppWebSender(
                WhatsAppTestSupport.whatsapp(
                    fake, dir.resolve("profile"), Map.of("WA_SEND_TIMEOUT", "3s")))) {
      WhatsAppTestSupport.logIn(fake, sender);
      SendResult r = WhatsAppTestSupport.send(sender, 8, "+972501234567", "no network");
      assertInstanceOf(SendResult.Unconfirmed.class, r);
      assertTrue(
          ((SendResult.Unconfirmed) r).reason().contains("marked the message as failed"),
          r.toString());
    }
  }

  @Test
  void selectorsFileReplacesTheBuiltInSelectors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("selectors.properties");
    Files.writeString(file, "compose_box.1 = footer div.no-such-editor\n");
    try (FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast();
        WhatsAppWebSender sender =
            new WhatsAppWebSender(
                WhatsAppTestSupport.whatsapp(
                    fake,
                    dir.resolve("profile"),
                    Map.of("WA_SELECTORS_FILE", file.toString(), "WA_PAGE_LOAD_TIMEOUT", "10s")))) {
      WhatsAppTestSupport.logIn(fake, sender);
      WhatsAppTestSupport.RecordingHandoff handoff = new WhatsAppTestSupport.RecordingHandoff();
      SendResult r = sender.send(WhatsAppTestSupport.message(1, "+972501234567", "hello"), handoff);
      assertInstanceOf(SendResult.TransientFailure.class, r);
      assertFalse(handoff.begun(), "the text never left: safe to retry");
      assertTrue(
          ((SendResult.TransientFailure) r)
              .reason()
              .contains("compose_box (footer div.no-such-editor)"),
          r.toString());
      assertEquals(List.of(), fake.textsTo("+972501234567"));
    }
  }
}
