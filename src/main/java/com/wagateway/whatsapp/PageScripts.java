package com.wagateway.whatsapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JavaScript the sender runs in the page, loaded once from the jar with the shared helpers in
 * front.
 */
final class PageScripts {
  final String probe = load("probe.js");
  final String openChat = load("open-chat.js");
  final String insertText = load("insert-text.js");
  final String awaitSent = load("await-sent.js");
  final String report = load("report.js");
  final String useHere = load("use-here.js");
  final String openInApp = load("open-in-app.js");
  final String newChat = load("new-chat.js");
  final String currentChat = load("current-chat.js");
  final String markRows = load("mark-rows.js");
  final String attachFile = load("attach-file.js");
  final String awaitEditor = load("await-editor.js");
  final String pairingCode = load("pairing-code.js");
  final String receipts = load("receipts.js");
  final String findElement =
      read("common.js") + "\nreturn wa.first(document, arguments[0][arguments[1]]);";
  final String findSendButton =
      read("common.js") + "\nreturn wa.first(document, arguments[0].send_button);";

  private static String load(String name) {
    return read("common.js") + "\n" + read(name);
  }

  private static String read(String name) {
    try (InputStream in = PageScripts.class.getResourceAsStream("/whatsapp/" + name)) {
      if (in == null)
        throw new IllegalStateException("/whatsapp/" + name + " is missing from the build");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
