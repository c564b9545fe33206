package com.wagateway.whatsapp;

import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * Puts a text in the compose box when the chat did not open with it: all at once with insertText
 * where the editor takes line breaks that way, else line by line with Shift+Enter between the
 * lines. ChromeDriver's sendKeys cannot type characters outside the BMP (most emoji), and a typed
 * newline would send early (whatsapp-web-facts.md, "Compose box").
 */
final class ComposeBox {
  private final PageScripts scripts;

  ComposeBox(PageScripts scripts) {
    this.scripts = scripts;
  }

  /** Replaces what the box holds with {@code text}; returns what it holds then (null: no box). */
  String type(WebDriver driver, Map<String, Object> table, String text) {
    return type(driver, table, text, "compose_box");
  }

  /** The same in another editor of the page: {@code box} names it in the selector table. */
  String type(WebDriver driver, Map<String, Object> table, String text, String box) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    Object whole = js.executeScript(scripts.insertText, table, text, true, box);
    if (whole == null || same(text, String.valueOf(whole)) || !text.contains("\n")) {
      return whole == null ? null : String.valueOf(whole);
    }
    String[] lines = text.split("\n", -1);
    Object now = null;
    for (int i = 0; i < lines.length; i++) {
      if (i > 0)
        new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
      now = js.executeScript(scripts.insertText, table, lines[i], i == 0, box);
      if (now == null) return null;
    }
    return String.valueOf(now);
  }

  /**
   * Content-editable boxes turn spaces into no-break spaces; they are the same text to the reader.
   */
  static boolean same(String expected, String actual) {
    return actual != null && expected.replace('\u00a0', ' ').equals(actual.replace('\u00a0', ' '));
  }

  /** The text with every run of white space as one space, for "differs only in layout". */
  static String squeezed(String s) {
    return s.replace('\u00a0', ' ').replaceAll("\\s+", " ").strip();
  }
}
