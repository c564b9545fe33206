package com.wagateway.receipt;

/**
 * Compares a message's text with a chat list row's preview, which shows its start on one line (line
 * breaks and runs of spaces as one space), cut short with an ellipsis where the row ends.
 */
final class Previews {
  private Previews() {}

  static boolean begins(String text, String preview) {
    String shown = oneLine(preview);
    if (shown.endsWith("…")) shown = shown.substring(0, shown.length() - 1).trim();
    if (shown.isEmpty()) return false;
    return oneLine(text).startsWith(shown);
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }
}
