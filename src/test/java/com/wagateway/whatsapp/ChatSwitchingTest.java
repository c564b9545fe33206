package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.queue.SendResult;
import com.wagateway.support.BrowserTest;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One loaded app, not a reload per message: chats open inside the app from a clicked chat link,
 * then through "New chat", and only as the last way through the {@code /send} URL.
 */
@BrowserTest
class ChatSwitchingTest {

  private static WhatsAppWebSender start(FakeWhatsAppWeb fake, Path dir) {
    WhatsAppWebSender sender =
        new WhatsAppWebSender(WhatsAppTestSupport.whatsapp(fake, dir.resolve("profile"), Map.of()));
    WhatsAppTestSupport.logIn(fake, sender);
    return sender;
  }

  @Test
  void twentyMessagesEachReachTheRightNumberOnceWithoutReloadingTheApp(@TempDir Path dir) {
    try (FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast();
        WhatsAppWebSender sender = start(fake, dir)) {
      int loads = fake.pageLoads();
      int links = fake.chatsOpened("link");
      // Two in a row to the same number (3, 4), numbers seen before, and a new one at the end.
      List<String> phones = new ArrayList<>();
      for (int i = 0; i < 19; i++) {
        phones.add("+97250100000" + (i == 4 ? 3 : i % 6));
      }
      phones.add("+972501999999");
      for (int i = 0; i < phones.size(); i++) {
        SendResult r =
            WhatsAppTestSupport.send(sender, i + 1, phones.get(i), "message " + (i + 1) + " 👋🏽");
        assertInstanceOf(SendResult.Sent.class, r, "message " + (i + 1));
      }
      List<FakeWhatsAppWeb.Delivery> got = fake.deliveries();
      assertEquals(20, got.size(), "each message exactly once");
      for (int i = 0; i < 20; i++) {
        assertEquals(phones.get(i).substring(1), got.get(i).phone(), "recipient of " + (i + 1));
        assertEquals("message " + (i + 1) + " 👋🏽", got.get(i).text());
      }
      assertEquals(loads, fake.pageLoads(), "no message reloaded the app");
      assertEquals(links + 20, fake.chatsOpened("link"), "each chat opened from a chat link");
    }
  }

  @Test
  void unknownNumberGetsTheInAppPopupConfirmedByOneReload(@TempDir Path dir) {
    try (FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast();
        WhatsAppWebSender sender = start(fake, dir)) {
      fake.markUnknown("+972501230000");
      int loads = fake.pageLoads();
      SendResult r = WhatsAppTestSupport.send(sender, 1, "+972501230000", "hello?");
      assertEquals(SendResult.permanent("+972501230000 is not on WhatsApp"), r);
      assertEquals(loads + 1, fake.pageLoads(), "the app's answer was confirmed by one fresh load");
      // The popup was closed: the next message goes in the app, without a reload.
      assertInstanceOf(
          SendResult.Sent.class, WhatsAppTestSupport.send(sender, 2, "+972501230001", "hi"));
      assertEquals(List.of("hi"), fake.textsTo("+972501230001"));
      assertEquals(loads + 1, fake.pageLoads());
      assertEquals(List.of(), fake.textsTo("+972501230000"));
    }
  }

  @Test
  void aNumberThatJoinedSinceTheAppLastAskedIsSentToAfterAFreshLoad(@TempDir Path dir) {
    try (FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast();
        WhatsAppWebSender sender = start(fake, dir)) {
      fake.markUnknown("+972501230009");
      assertInstanceOf(
          SendResult.PermanentFailure.class,
          WhatsAppTestSupport.send(sender, 1, "+972501230009", "first"));
      // The app keeps its answer for the page's life; the fresh load asks the server again.
      fake.markKnown("+972501230009");
      assertInstanceOf(
          SendResult.Sent.class, WhatsAppTestSupport.send(sender, 2, "+972501230009", "second"));
      assertEquals(List.of("second"), fake.textsTo("+972501230009"));
    }
  }

  @Test
  void newChatSearchOpensTheChatWhenTheAppDoesNotTakeChatLinks(@TempDir Path dir) {
    try (FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast().inAppLinks(false);
        WhatsAppWebSender sender = start(fake, dir)) {
      int loads = fake.pageLoads();
      for (int i = 1; i <= 3; i++) {
        String phone = "+97250200000" + (i % 2);
        assertInstanceOf(
            SendResult.Sent.class, WhatsAppTestSupport.send(sender, i, phone, "via search " + i));
      }
      assertEquals(List.of("via search 1", "via search 3"), fake.textsTo("+972502000001"));
      assertEquals(List.of("via search 2"), fake.textsTo("+972502000000"));
      assertEquals(loads, fake.pageLoads(), "New chat does not reload the app either");
      assertEquals(3, fake.chatsOpened("search"));
      assertEquals(0, fake.chatsOpened("link"));
    }
  }

  @Test
  void sendUrlStillWorksWhenNeitherInAppWayIsAvailable(@TempDir Path dir) {
    try (FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast().inAppLinks(false).newChatSearch(false);
        WhatsAppWebSender sender = start(fake, dir)) {
      int loads = fake.pageLoads();
      assertInstanceOf(
          SendResult.Sent.class, WhatsAppTestSupport.send(sender, 1, "+972503000001", "a"));
      assertInstanceOf(
          SendResult.Sent.class, WhatsAppTestSupport.send(sender, 2, "+972503000002", "b"));
      fake.markUnknown("+972503000003");
      SendResult unknown = WhatsAppTestSupport.send(sender, 3, "+972503000003", "c");
      assertInstanceOf(SendResult.PermanentFailure.class, unknown);
      assertEquals(List.of("a"), fake.textsTo("+972503000001"));
      assertEquals(List.of("b"), fake.textsTo("+972503000002"));
      assertTrue(fake.pageLoads() >= loads + 3, "each message navigated to /send");
    }
  }
}
