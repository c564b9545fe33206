package com.wagateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReceiptsConfigTest {

  @Test
  void receiptsAreFollowedForADayWithTheChatListReadEveryFiveSecondsUnlessSet() {
    Config.Receipts defaults = Config.from(Map.of()).receipts();
    assertTrue(defaults.enabled());
    assertEquals(Duration.ofSeconds(5), defaults.listInterval());
    assertEquals(Duration.ofDays(1), defaults.window());
    assertEquals(2, defaults.revisitsPerMinute());
    Config.Receipts set =
        Config.from(
                Map.of(
                    "WA_RECEIPTS", "false",
                    "WA_RECEIPTS_LIST_INTERVAL", "30s",
                    "WA_RECEIPTS_WINDOW", "3d",
                    "WA_RECEIPTS_REVISITS", "0"))
            .receipts();
    assertFalse(set.enabled());
    assertEquals(Duration.ofSeconds(30), set.listInterval());
    assertEquals(Duration.ofDays(3), set.window());
    assertEquals(0, set.revisitsPerMinute());
  }

  @Test
  void anOutOfRangeReceiptSettingStopsStartUpNamingTheVariable() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Config.from(Map.of("WA_RECEIPTS_REVISITS", "61")));
    assertTrue(e.getMessage().startsWith("WA_RECEIPTS_REVISITS="), e.getMessage());
    assertThrows(
        ConfigException.class, () -> Config.from(Map.of("WA_RECEIPTS_LIST_INTERVAL", "10ms")));
  }
}
