package com.wagateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {

  @Test
  void defaultsNeedNoSettings() {
    Config c = Config.from(Map.of());
    assertEquals("0.0.0.0", c.http().host());
    assertEquals(8080, c.http().port());
    assertTrue(c.database().embedded());
    assertEquals(Path.of("data"), c.dataDir());
    assertEquals(Path.of("data", "chrome-profile"), c.whatsapp().profileDir());
    assertEquals(Config.SenderKind.WHATSAPP_WEB, c.worker().sender());
    assertEquals(4096, c.messages().maxTextLength());
    assertNull(c.adminToken());
  }

  @Test
  void consoleSessionsIdleForHalfAnHourAndNoProxyIsTrustedByDefault() {
    Config c = Config.from(Map.of());
    assertEquals(Duration.ofMinutes(30), c.console().idleTimeout());
    assertEquals(java.util.Set.of(), c.console().trustedProxies());
    Config set =
        Config.from(Map.of("WA_CONSOLE_IDLE_TIMEOUT", "2h", "WA_TRUSTED_PROXIES", "10.0.0.2, ::1"));
    assertEquals(Duration.ofHours(2), set.console().idleTimeout());
    assertEquals(java.util.Set.of("10.0.0.2", "0:0:0:0:0:0:0:1"), set.console().trustedProxies());
  }

  @Test
  void requestThreadsDefaultToTwoPerCoreAndCanBeSet() {
    assertEquals(
        Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
        Config.from(Map.of()).http().workerThreads());
    assertEquals(32, Config.from(Map.of("WA_HTTP_WORKER_THREADS", "32")).http().workerThreads());
    assertThrows(ConfigException.class, () -> Config.from(Map.of("WA_HTTP_WORKER_THREADS", "0")));
  }

  @ParameterizedTest
  @CsvSource({"250ms,250", "2s,2000", "5m,300000", "1h,3600000"})
  void durationsAreWrittenWithAUnit(String text, long millis) {
    Config c = Config.from(Map.of("WA_WORKER_POLL_INTERVAL", text));
    assertEquals(Duration.ofMillis(millis), c.worker().pollInterval());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "WA_HTTP_PORT|eighty|an integer from 0 to 65535",
        "WA_HTTP_PORT|70000|an integer from 0 to 65535",
        "WA_WORKER_POLL_INTERVAL|5|a duration",
        "WA_WORKER_LEASE|10ms|at least 1s",
        "WA_SENDER|carrier-pigeon|one of whatsapp-web, log",
        "WA_DEFAULT_REGION|XX|two-letter region code",
        "WA_DATABASE_URL|postgres://localhost/db|JDBC URL",
        "WA_BROWSER_HEADLESS|maybe|true or false",
        "WA_WORKER_MAX_ATTEMPTS|0|an integer from 1",
        "WA_CONSOLE_IDLE_TIMEOUT|10s|at least 1m",
        "WA_TRUSTED_PROXIES|proxy.example|comma-separated list of IP addresses"
      })
  void wrongValueNamesTheVariableAndWhatItAccepts(String name, String value, String accepts) {
    ConfigException e = assertThrows(ConfigException.class, () -> Config.from(Map.of(name, value)));
    assertTrue(e.getMessage().startsWith(name + "='" + value + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(accepts), e.getMessage());
  }

  @Test
  void regionIsCaseInsensitive() {
    assertEquals("IL", Config.from(Map.of("WA_DEFAULT_REGION", "il")).messages().defaultRegion());
  }
}
