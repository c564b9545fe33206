package com.wagateway.whatsapp;

import com.wagateway.receipt.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Reads receipts off the page (receipts.js), each call one short script: the open chat's ticks by
 * message key, or the chat list rows whose last message is ours. A single tick is no receipt and is
 * left out.
 */
final class ReceiptReader {
  /** A message of the open chat, by its key, showed {@code receipt}. */
  record Tick(String waMessageId, Receipt receipt) {}

  /** A chat list row: the chat's name as shown, its last message's preview and receipt. */
  record Row(String title, String preview, Receipt receipt) {}

  private final PageScripts scripts;

  ReceiptReader(PageScripts scripts) {
    this.scripts = scripts;
  }

  List<Tick> openChat(WebDriver driver) {
    List<Tick> ticks = new ArrayList<>();
    for (Map<?, ?> row : rows(driver, "chat")) {
      Receipt r = receipt(row.get("state"));
      if (r != null) ticks.add(new Tick(String.valueOf(row.get("id")), r));
    }
    return ticks;
  }

  List<Row> chatList(WebDriver driver) {
    List<Row> rows = new ArrayList<>();
    for (Map<?, ?> row : rows(driver, "list")) {
      Receipt r = receipt(row.get("state"));
      if (r != null) {
        rows.add(new Row(String.valueOf(row.get("title")), String.valueOf(row.get("preview")), r));
      }
    }
    return rows;
  }

  private List<Map<?, ?>> rows(WebDriver driver, String mode) {
    Object answer = ((JavascriptExecutor) driver).executeScript(scripts.receipts, mode);
    List<Map<?, ?>> rows = new ArrayList<>();
    if (answer instanceof List<?> list) {
      for (Object o : list) if (o instanceof Map<?, ?> m) rows.add(m);
    }
    return rows;
  }

  private static Receipt receipt(Object state) {
    if ("read".equals(state)) return Receipt.READ;
    if ("delivered".equals(state)) return Receipt.DELIVERED;
    return null;
  }
}
