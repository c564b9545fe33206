package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectorsTest {

  @Test
  void builtInTableTriesGenerationsInOrder() {
    Selectors s = Selectors.load(null);
    List<Locator> compose = s.of("compose_box");
    assertEquals("#main footer div[contenteditable=\"true\"]", compose.get(0).css());
    assertEquals("div[contenteditable=\"true\"][data-tab=\"10\"]", compose.get(1).css());
    Locator invalid = s.of("invalid_number").get(0);
    assertEquals(
        "phone number shared via url is invalid",
        invalid.text(),
        "text fragments match without case");
  }

  @Test
  void overrideFileReplacesOnlyTheElementsItNames(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.properties");
    Files.writeString(file, "compose_box.2 = div.new-editor\ncompose_box.1 = div.newer-editor\n");
    Selectors s = Selectors.load(file);
    assertEquals(
        List.of("div.newer-editor", "div.new-editor"),
        s.of("compose_box").stream().map(Locator::css).toList());
    assertEquals(
        Selectors.load(null).of("outgoing_message"), s.of("outgoing_message"), "not named: kept");
  }

  @Test
  void overrideFileWithAnUnknownElementStopsStartUp(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.properties");
    Files.writeString(file, "compose_bx.1 = div\n");
    ConfigException e = assertThrows(ConfigException.class, () -> Selectors.load(file));
    assertTrue(
        e.getMessage().contains("WA_SELECTORS_FILE") && e.getMessage().contains("compose_bx"),
        e.getMessage());
  }
}
