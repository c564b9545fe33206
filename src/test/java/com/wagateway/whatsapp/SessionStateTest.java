package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.queue.OutgoingMessage;
import com.wagateway.queue.SendResult;
import com.wagateway.support.BrowserTest;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session states read from the page, and sends the page never confirms. */
@BrowserTest
class SessionStateTest {

  @Test
  void sessionOpenElsewhereIsReportedAndTakenBackOnlyWhenConfigured(@TempDir Path dir) {
    Path profile = dir.resolve("profile");
    try (FakeWhatsAppWeb fake = new FakeWhatsAppWeb()) {
      try (WhatsAppWebSender sender =
          new WhatsAppWebSender(WhatsAppTestSupport.whatsapp(fake, profile, Map.of()))) {
        WhatsAppTestSupport.logIn(fake, sender);
        fake.takeOver();
        WhatsAppTestSupport.await(
            Duration.ofSeconds(10), () -> sender.state().equals("taken_over"), sender::state);
        assertFalse(sender.ready());
        SendResult r = sender.send(new OutgoingMessage(1, "+972501234567", "not now", 1, 0));
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
        assertEquals(
            SendResult.sent(), sender.send(new OutgoingMessage(2, "+972501234567", "back", 1, 0)));
        assertEquals(List.of("back"), fake.textsTo("+972501234567"));
      }
    }
  }

  @Test
  void sendNeverAcknowledgedIsTransientAndNotSentAgain(@TempDir Path dir) {
    try (FakeWhatsAppWeb fake = new FakeWhatsAppWeb();
        WhatsAppWebSender sender =
            new WhatsAppWebSender(
                WhatsAppTestSupport.whatsapp(
                    fake, dir.resolve("profile"), Map.of("WA_SEND_TIMEOUT", "700ms")))) {
      WhatsAppTestSupport.logIn(fake, sender);
      fake.acknowledge(false);
      SendResult first =
          sender.send(new OutgoingMessage(7, "+972501234567", "stuck on the clock", 1, 0));
      assertInstanceOf(SendResult.TransientFailure.class, first);
      assertTrue(
          ((SendResult.TransientFailure) first).reason().contains("clock"), first.toString());
      SendResult retry =
          sender.send(new OutgoingMessage(7, "+972501234567", "stuck on the clock", 2, 0));
      assertInstanceOf(SendResult.TransientFailure.class, retry);
      assertEquals(
          List.of("stuck on the clock"),
          fake.textsTo("+972501234567"),
          "a pending message is not sent twice");
    }
  }

  @Test
  void selectorsFileReplacesTheBuiltInSelectors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("selectors.properties");
    Files.writeString(file, "compose_box.1 = footer div.no-such-editor\n");
    try (FakeWhatsAppWeb fake = new FakeWhatsAppWeb();
        WhatsAppWebSender sender =
            new WhatsAppWebSender(
                WhatsAppTestSupport.whatsapp(
                    fake,
                    dir.resolve("profile"),
                    Map.of("WA_SELECTORS_FILE", file.toString(), "WA_PAGE_LOAD_TIMEOUT", "1s")))) {
      WhatsAppTestSupport.logIn(fake, sender);
      SendResult r = sender.send(new OutgoingMessage(1, "+972501234567", "hello", 1, 0));
      assertInstanceOf(SendResult.TransientFailure.class, r);
      assertTrue(
          ((SendResult.TransientFailure) r)
              .reason()
              .contains("compose_box (footer div.no-such-editor)"),
          r.toString());
      assertEquals(List.of(), fake.textsTo("+972501234567"));
    }
  }
}
