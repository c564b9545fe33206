package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.wagateway.queue.SendResult;
import com.wagateway.support.BrowserTest;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb.Generation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page WhatsApp serves since spring 2026: message rows carry a bare id (no {@code true_}, no
 * chat), so our own row is the one that appeared after our Enter, holds our text and carries a
 * status icon; an answer from the other side holding the very same words is never taken for it.
 */
@BrowserTest
class TodaysPageTest {

  @Test
  void fiveMessagesEndSentEachDeliveredOnceWithTheirIdsAndTheSessionStaysReady(@TempDir Path dir) {
    try (FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast().generation(Generation.BARE_IDS);
        WhatsAppWebSender sender =
            new WhatsAppWebSender(
                WhatsAppTestSupport.whatsapp(fake, dir.resolve("profile"), Map.of()))) {
      WhatsAppTestSupport.logIn(fake, sender);
      fake.echoReplies(true);
      List<String> phones =
          List.of(
              "+972505550001", "+972505550001", "+972505550002", "+972505550001", "+972505550003");
      List<String> kept = new ArrayList<>();
      for (int i = 0; i < phones.size(); i++) {
        SendResult r = WhatsAppTestSupport.send(sender, i + 1, phones.get(i), "same words " + i);
        WhatsAppTestSupport.assertSent(r, "message " + (i + 1));
        kept.add(((SendResult.Sent) r).waMessageId());
      }
      List<FakeWhatsAppWeb.Delivery> got = fake.deliveries();
      assertEquals(5, got.size(), "each message reached the phone once");
      for (int i = 0; i < 5; i++) {
        assertEquals(phones.get(i).substring(1), got.get(i).phone());
        assertEquals("same words " + i, got.get(i).text());
        assertEquals(got.get(i).id(), kept.get(i), "the bare id kept as the page gives it");
      }
      assertEquals("ready", sender.state());
    }
  }
}
