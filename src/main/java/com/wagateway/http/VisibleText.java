package com.wagateway.http;

/**
 * Whether a text shows anything. A text of zero-width spaces, joiners, direction marks or Hangul
 * fillers passes {@link String#isBlank()} yet reaches the phone as an empty bubble (or is refused
 * by WhatsApp Web's compose box), so it is refused as empty.
 */
public final class VisibleText {
  public static final String BLANK =
      "must contain visible characters, not only spaces or" + " invisible ones";

  private VisibleText() {}

  public static boolean isBlank(String text) {
    return text.codePoints().allMatch(VisibleText::invisible);
  }

  private static boolean invisible(int c) {
    if (Character.isWhitespace(c) || Character.isSpaceChar(c)) return true;
    int type = Character.getType(c);
    if (type == Character.FORMAT || type == Character.CONTROL) return true;
    // Letters and marks that draw nothing: the combining grapheme joiner, variation selectors,
    // the Hangul fillers, the braille blank and the Mongolian vowel separator.
    return c == 0x034F
        || (c >= 0xFE00 && c <= 0xFE0F)
        || (c >= 0xE0100 && c <= 0xE01EF)
        || c == 0x115F
        || c == 0x1160
        || c == 0x3164
        || c == 0xFFA0
        || c == 0x2800
        || c == 0x180E;
  }
}
