package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.queue.SendResult;
import com.wagateway.support.BrowserTest;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way of opening a chat, on pages that behave where the facts are silent in ways our double
 * does not by default: an app whose link listener stops the click's propagation, and a chat that
 * takes a while to render while the view open before stays live. Twice in a row to one number, then
 * twice to another: each text arrives once, whole, and ends sent.
 */
@BrowserTest
class ChatOpeningWaysTest {
  private static final String A = "+972504440001";
  private static final String B = "+972504440002";

  /** How a page differs from our double's default, where the facts say nothing. */
  enum Page {
    LINK_CLICKS_STOPPED,
    SLOW_CHAT_LOAD;

    FakeWhatsAppWeb apply(FakeWhatsAppWeb fake) {
      return switch (this) {
        case LINK_CLICKS_STOPPED -> fake.stopLinkClicks(true);
        case SLOW_CHAT_LOAD -> fake.chatLoadDelay(Duration.ofMillis(300));
      };
    }
  }

  static Stream<Arguments> waysAndPages() {
    return Stream.of("in_app", "new_chat", "url")
        .flatMap(way -> Stream.of(Page.values()).map(page -> Arguments.of(way, page)));
  }

  @ParameterizedTest(name = "{0} on a page with {1}")
  @MethodSource("waysAndPages")
  void eachTextArrivesOnceWholeAndEndsSent(String way, Page page, @TempDir Path dir) {
    try (FakeWhatsAppWeb fake = page.apply(FakeWhatsAppWeb.fast());
        WhatsAppWebSender sender =
            new WhatsAppWebSender(
                WhatsAppTestSupport.whatsapp(
                    fake, dir.resolve("profile"), Map.of("WA_CHAT_OPENING", way)))) {
      WhatsAppTestSupport.logIn(fake, sender);
      int loads = fake.pageLoads();
      List<String> phones = List.of(A, A, B, B);
      for (int i = 0; i < phones.size(); i++) {
        String text = way + " " + (i + 1) + " 👋🏽 שלום\nsecond line";
        SendResult r = WhatsAppTestSupport.send(sender, i + 1, phones.get(i), text);
        WhatsAppTestSupport.assertSent(r, "message " + (i + 1));
      }
      assertEquals(
          List.of(way + " 1 👋🏽 שלום\nsecond line", way + " 2 👋🏽 שלום\nsecond line"),
          fake.textsTo(A));
      assertEquals(
          List.of(way + " 3 👋🏽 שלום\nsecond line", way + " 4 👋🏽 שלום\nsecond line"),
          fake.textsTo(B));
      assertEquals(4, fake.deliveries().size(), "nothing else reached anyone");
      String via =
          switch (way) {
            case "in_app" -> "link";
            case "new_chat" -> "search";
            default -> "url";
          };
      assertTrue(fake.chatsOpened(via) >= 2, "each new chat was opened " + way);
      if (!way.equals("url")) {
        assertEquals(loads, fake.pageLoads(), way + " never fell back to a reload");
      }
    }
  }
}
