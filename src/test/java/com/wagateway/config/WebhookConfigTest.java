package com.wagateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook settings: defaults as documented, and refusals that name the variables. */
class WebhookConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    Config.Webhooks w = Config.from(Map.of()).webhooks();
    assertEquals(4, w.threads());
    assertEquals(2, w.perEndpoint());
    assertEquals(Duration.ofSeconds(2), w.connectTimeout());
    assertEquals(Duration.ofSeconds(10), w.requestTimeout());
    assertEquals(Duration.ofHours(24), w.maxAge());
    assertEquals(Duration.ofHours(24), w.disableAfter());
    assertEquals(Duration.ofDays(7), w.keep());
    assertNull(w.sessionUrl());
  }

  @Test
  void aSessionWebhookWithoutASecretIsRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Config.from(Map.of("WA_SESSION_WEBHOOK_URL", "https://ops.example/hooks")));
    assertTrue(
        e.getMessage().startsWith("WA_SESSION_WEBHOOK_URL is set but WA_SESSION_WEBHOOK_SECRET"));
  }

  @Test
  void aSessionSecretNotInTheStandardFormIsRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Config.from(Map.of("WA_SESSION_WEBHOOK_SECRET", "hunter2")));
    assertTrue(e.getMessage().startsWith("WA_SESSION_WEBHOOK_SECRET='hunter2' is not valid"));
  }

  @Test
  void keepingEventsShorterThanTheyAreRetriedIsRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Config.from(Map.of("WA_WEBHOOK_KEEP", "2h", "WA_WEBHOOK_MAX_AGE", "1d")));
    assertTrue(e.getMessage().startsWith("WA_WEBHOOK_KEEP=2h is below WA_WEBHOOK_MAX_AGE=1d"));
  }

  @Test
  void anHttpUrlIsRequiredForTheSessionWebhook() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Config.from(Map.of("WA_SESSION_WEBHOOK_URL", "ops.example/hooks")));
    assertTrue(e.getMessage().contains("WA_SESSION_WEBHOOK_URL"), e.getMessage());
  }
}
