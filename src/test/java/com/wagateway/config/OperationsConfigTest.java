package com.wagateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationsConfigTest {

  @Test
  void operationsSettingsHaveSafeDefaults() {
    Config c = Config.from(Map.of());
    assertEquals(Duration.ofSeconds(5), c.database().connectionTimeout());
    assertFalse(c.http().readyRequiresWhatsApp());
    assertEquals(Duration.ZERO, c.worker().logSenderDelay());
  }

  @Test
  void operationsSettingsAreRead() {
    Config c =
        Config.from(
            Map.of(
                "WA_DATABASE_TIMEOUT",
                "1s",
                "WA_READY_REQUIRES_WHATSAPP",
                "true",
                "WA_LOG_SENDER_DELAY",
                "200ms"));
    assertEquals(Duration.ofSeconds(1), c.database().connectionTimeout());
    assertTrue(c.http().readyRequiresWhatsApp());
    assertEquals(Duration.ofMillis(200), c.worker().logSenderDelay());
  }

  @Test
  void aDatabaseTimeoutTooShortToConnectIsRefusedByName() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Config.from(Map.of("WA_DATABASE_TIMEOUT", "10ms")));
    assertTrue(e.getMessage().contains("WA_DATABASE_TIMEOUT"), e.getMessage());
  }
}
