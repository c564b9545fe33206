package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.wagateway.queue.OutgoingMessage;
import com.wagateway.queue.SendResult;
import com.wagateway.support.BrowserTest;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every text reaches the number exactly as written: scripts, emoji outside the BMP, lines, length.
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
    fake = new FakeWhatsAppWeb();
    sender =
        new WhatsAppWebSender(WhatsAppTestSupport.whatsapp(fake, dir.resolve("profile"), Map.of()));
    WhatsAppTestSupport.logIn(fake, sender);
  }

  @AfterAll
  void stop() {
    if (sender != null) sender.close();
    if (fake != null) fake.close();
  }

  private void assertDeliveredExactly(String text) {
    SendResult result = sender.send(new OutgoingMessage(ids.incrementAndGet(), PHONE, text, 1, 0));
    assertEquals(SendResult.sent(), result);
    List<String> texts = fake.textsTo(PHONE);
    assertEquals(text, texts.get(texts.size() - 1));
  }

  @Test
  void hebrewAndArabicArriveExactly() {
    assertDeliveredExactly("שלום עולם! ההודעה שלך נשלחה. مرحبا بالعالم");
  }

  @Test
  void emojiOutsideTheBmpArriveExactly() {
    assertDeliveredExactly("Hi 👋🏽 there 🎉👨‍👩‍👧 done ✅");
  }

  @Test
  void severalLinesArriveAsOneMessage() {
    int before = fake.textsTo(PHONE).size();
    assertDeliveredExactly(
        "Line one\n"
            + "Line two\n\n"
            + "Line four after a blank line\n"
            + "  indented & <b>not bold</b> 100% + more");
    assertEquals(before + 1, fake.textsTo(PHONE).size(), "a newline must not send early");
  }

  @Test
  void textOf4096CharactersArrivesExactly() {
    StringBuilder text = new StringBuilder();
    String pattern = "שלום 👋🏽 hello\n";
    while (text.length() < 4096) text.append(pattern);
    String t = text.substring(0, 4096 - 1) + "!";
    assertDeliveredExactly(t);
  }

  @Test
  void textArrivesExactlyFromAPageBuiltDifferently() {
    fake.variant(true);
    try {
      assertDeliveredExactly("Variant 👋🏽 שלום\n\nafter a blank line");
    } finally {
      fake.variant(false);
    }
  }

  @Test
  void linesAreTypedOneByOneWhenTheBoxRefusesInsertedLineBreaks() {
    fake.prefill(false).singleLineInsert(true);
    try {
      assertDeliveredExactly("First 👋🏽\n\nשלום third\nfourth");
    } finally {
      fake.prefill(true).singleLineInsert(false);
    }
  }

  @Test
  void textIsTypedWhenTheChatOpensWithAnEmptyBox() {
    fake.prefill(false);
    try {
      assertDeliveredExactly("Typed 👋🏽 שלום\nsecond line");
    } finally {
      fake.prefill(true);
    }
  }
}
