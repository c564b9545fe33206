package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.wagateway.queue.SendResult;
import com.wagateway.support.BrowserTest;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb.Generation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every text reaches the number exactly as written, once, and is confirmed: scripts, emoji outside
 * the BMP, lines, length; on the page of mid-2026 and on the one before it.
 */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TextFidelityTest {
  private static final String PHONE = "+972501234567";
  private FakeWhatsAppWeb fake;
  private WhatsAppWebSender sender;
  private final AtomicLong ids = new AtomicLong();

  @BeforeAll
  void start(@TempDir Path dir) {
    fake = FakeWhatsAppWeb.fast();
    sender =
        new WhatsAppWebSender(WhatsAppTestSupport.whatsapp(fake, dir.resolve("profile"), Map.of()));
    WhatsAppTestSupport.logIn(fake, sender);
  }

  @AfterAll
  void stop() {
    if (sender != null) sender.close();
    if (fake != null) fake.close();
  }

  private void assertDeliveredOnceExactly(Generation generation, String text) {
    fake.generation(generation);
    int before = fake.textsTo(PHONE).size();
    SendResult result = WhatsAppTestSupport.send(sender, ids.incrementAndGet(), PHONE, text);
    assertInstanceOf(SendResult.Sent.class, result);
    List<String> texts = fake.textsTo(PHONE);
    assertEquals(before + 1, texts.size(), "exactly one message reached the phone");
    assertEquals(text, texts.get(texts.size() - 1));
  }

  @ParameterizedTest
  @EnumSource(names = {"MID_2026", "EARLIER_2025"})
  void hebrewAndArabicArriveExactly(Generation generation) {
    assertDeliveredOnceExactly(generation, "שלום עולם! ההודעה שלך נשלחה. مرحبا بالعالم");
  }

  @ParameterizedTest
  @EnumSource(names = {"MID_2026", "EARLIER_2025"})
  void emojiOutsideTheBmpArriveExactly(Generation generation) {
    assertDeliveredOnceExactly(generation, "Hi 👋🏽 there 🎉👨‍👩‍👧 done ✅");
  }

  @ParameterizedTest
  @EnumSource(names = {"MID_2026", "EARLIER_2025"})
  void severalLinesArriveAsOneMessage(Generation generation) {
    assertDeliveredOnceExactly(
        generation,
        "Line one\n"
            + "Line two\n\n"
            + "Line four after a blank line\n"
            + "  indented & <b>not bold</b> 100% + more");
  }

  @ParameterizedTest
  @EnumSource(names = {"MID_2026", "EARLIER_2025"})
  void textOf4096CharactersArrivesExactly(Generation generation) {
    StringBuilder text = new StringBuilder();
    String pattern = "שלום 👋🏽 hello\n";
    while (text.length() < 4096) text.append(pattern);
    assertDeliveredOnceExactly(generation, text.substring(0, 4096 - 1) + "!");
  }

  @ParameterizedTest
  @EnumSource(names = {"MID_2026", "EARLIER_2025"})
  void textArrivesExactlyFromAPageBuiltDifferently(Generation generation) {
    fake.variant(true);
    try {
      assertDeliveredOnceExactly(generation, "Variant 👋🏽 שלום\n\nafter a blank line");
    } finally {
      fake.variant(false);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"MID_2026", "EARLIER_2025"})
  void linesAreTypedOneByOneWhenTheBoxRefusesInsertedLineBreaks(Generation generation) {
    // Typing happens where the chat opens without the text: New chat, or a /send without prefill.
    fake.inAppLinks(false).prefill(false).singleLineInsert(true);
    try {
      assertDeliveredOnceExactly(generation, "First 👋🏽\n\nשלום third\nfourth");
    } finally {
      fake.inAppLinks(true).prefill(true).singleLineInsert(false);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"MID_2026", "EARLIER_2025"})
  void textIsTypedWhenTheChatOpensWithAnEmptyBox(Generation generation) {
    fake.inAppLinks(false).prefill(false);
    try {
      assertDeliveredOnceExactly(generation, "Typed 👋🏽 שלום\nsecond line");
    } finally {
      fake.inAppLinks(true).prefill(true);
    }
  }
}
