package com.wagateway.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings that are fine one by one but contradict each other stop start-up, naming both. */
class ConfigCheckTest {

  @Test
  void aFirstRetryDelayAboveTheMaximumIsRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Config.from(
                    Map.of("WA_WORKER_RETRY_DELAY", "2h", "WA_WORKER_RETRY_MAX_DELAY", "30m")));
    assertEquals(
        "WA_WORKER_RETRY_DELAY=2h is above WA_WORKER_RETRY_MAX_DELAY=30m: the first retry would"
            + " wait longer than any retry may; lower the first or raise the second",
        e.getMessage());
  }

  @Test
  void aRetryDelayEqualToTheMaximumIsFine() {
    assertDoesNotThrow(
        () ->
            Config.from(Map.of("WA_WORKER_RETRY_DELAY", "1h", "WA_WORKER_RETRY_MAX_DELAY", "1h")));
  }

  @Test
  void aMinuteQuotaAboveTheDayQuotaIsRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Config.from(Map.of("WA_QUOTA_PER_MINUTE", "500", "WA_QUOTA_PER_DAY", "100")));
    assertEquals(
        "WA_QUOTA_PER_MINUTE=500 is above WA_QUOTA_PER_DAY=100: a day's quota would be used up"
            + " within a minute; lower the first or raise the second (0 is no limit)",
        e.getMessage());
  }

  @Test
  void noLimitOnEitherQuotaContradictsNothing() {
    assertDoesNotThrow(
        () -> Config.from(Map.of("WA_QUOTA_PER_MINUTE", "500", "WA_QUOTA_PER_DAY", "0")));
    assertDoesNotThrow(
        () -> Config.from(Map.of("WA_QUOTA_PER_MINUTE", "0", "WA_QUOTA_PER_DAY", "10")));
  }

  @Test
  void databaseCredentialsWithoutAUrlAreRefusedRatherThanIgnored() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Config.from(Map.of("WA_DATABASE_USER", "whatsapp")));
    assertEquals(
        "WA_DATABASE_USER is set but WA_DATABASE_URL is not, so the embedded PostgreSQL would"
            + " start and ignore it; set WA_DATABASE_URL too, or unset both",
        e.getMessage());
  }

  @Test
  void poolsLargerThanTheDatabaseTakesAreRefused() {
    Config.Database pools =
        new Config.Database("jdbc:postgresql://db/x", null, null, 90, 10, Duration.ofSeconds(5));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigCheck.pools(pools, 100, 3));
    assertEquals(
        "WA_DATABASE_POOL_SIZE=90 and WA_WORKER_DATABASE_POOL_SIZE=10 ask for 100 connections but"
            + " the database takes 97 (max_connections=100, 3 kept for superusers); lower the pool"
            + " sizes or raise max_connections",
        e.getMessage());
    assertDoesNotThrow(() -> ConfigCheck.pools(pools, 103, 3));
  }
}
