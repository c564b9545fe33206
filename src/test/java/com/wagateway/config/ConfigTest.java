package com.wagateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    Config c = Config.from(Map.of("HOME", "/home/op"));
    assertEquals("127.0.0.1", c.http().host());
    assertEquals(8080, c.http().port());
    assertTrue(c.database().embedded());
    Path data = Path.of("/home/op/.local/share/whatsapp-gateway");
    assertEquals(data, c.dataDir());
    assertEquals(data.resolve("chrome-profile"), c.whatsapp().profileDir());
    assertEquals(Config.SenderKind.WHATSAPP_WEB, c.worker().sender());
    assertEquals(4096, c.messages().maxTextLength());
    assertNull(c.adminToken());
  }

  @Test
  void mediaLimitsDefaultToTheWebAppsAndCanBeSet() {
    Config.Media defaults = Config.from(Map.of()).media();
    assertEquals(16L * 1024 * 1024, defaults.maxImageBytes());
    assertEquals(16L * 1024 * 1024, defaults.maxVideoBytes());
    assertEquals(16L * 1024 * 1024, defaults.maxAudioBytes());
    assertEquals(100L * 1024 * 1024, defaults.maxDocumentBytes());
    assertEquals(Duration.ofDays(30), defaults.retention());
    Config.Media set =
        Config.from(Map.of("WA_MEDIA_MAX_DOCUMENT_BYTES", "2000", "WA_MEDIA_RETENTION", "2d"))
            .media();
    assertEquals(2000, set.maxDocumentBytes());
    assertEquals(Duration.ofDays(2), set.retention());
    ConfigException refused =
        assertThrows(
            ConfigException.class, () -> Config.from(Map.of("WA_MEDIA_MAX_IMAGE_BYTES", "0")));
    assertTrue(refused.getMessage().contains("WA_MEDIA_MAX_IMAGE_BYTES"), refused.getMessage());
  }

  @Test
  void videosGoAsDocumentsUnlessTheBrowserIsSaidToPlayThem() {
    assertTrue(Config.from(Map.of()).whatsapp().videoAsDocument());
    assertFalse(
        Config.from(Map.of("WA_MEDIA_VIDEO_AS_DOCUMENT", "false")).whatsapp().videoAsDocument());
    ConfigException refused =
        assertThrows(
            ConfigException.class,
            () -> Config.from(Map.of("WA_MEDIA_VIDEO_AS_DOCUMENT", "sometimes")));
    assertTrue(refused.getMessage().contains("WA_MEDIA_VIDEO_AS_DOCUMENT"), refused.getMessage());
  }

  @Test
  void consoleSessionsIdleForHalfAnHourUnlessSet() {
    assertEquals(Duration.ofMinutes(30), Config.from(Map.of()).console().idleTimeout());
    Config set = Config.from(Map.of("WA_CONSOLE_IDLE_TIMEOUT", "2h"));
    assertEquals(Duration.ofHours(2), set.console().idleTimeout());
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
        "WA_TRUSTED_PROXIES|proxy.example|IP addresses or CIDR blocks"
      })
  void wrongValueNamesTheVariableAndWhatItAccepts(String name, String value, String accepts) {
    ConfigException e = assertThrows(ConfigException.class, () -> Config.from(Map.of(name, value)));
    assertTrue(e.getMessage().startsWith(name + "='" + value + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(accepts), e.getMessage());
  }

  @Test
  void leaseShorterThanTheLongestSendStopsStartUpNamingBoth() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Config.from(
                    Map.of(
                        "WA_WORKER_LEASE", "1m",
                        "WA_SEND_TIMEOUT", "30s",
                        "WA_PAGE_LOAD_TIMEOUT", "30s",
                        "WA_SEND_INTERVAL", "10s",
                        "WA_SEND_JITTER", "5s")));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().startsWith("WA_WORKER_LEASE=1m "), e.getMessage());
    assertTrue(e.getMessage().contains("(90s = WA_SEND_INTERVAL + WA_SEND_JITTER"), e.getMessage());
    assertEquals(
        Duration.ofSeconds(115), Config.from(Map.of()).whatsapp().longestSend(), "defaults fit");
  }

  @Test
  void dryRunLeaseIsCheckedAgainstItsDelay() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Config.from(
                    Map.of(
                        "WA_SENDER", "log", "WA_WORKER_LEASE", "2s", "WA_LOG_SENDER_DELAY", "3s")));
    assertTrue(e.getMessage().contains("(3s = WA_LOG_SENDER_DELAY)"), e.getMessage());
  }

  @Test
  void twoProcessesGivenOneInstanceIdClaimUnderDifferentNamesWithItAsPrefix() {
    String a = Config.from(Map.of("WA_INSTANCE_ID", "shop-1")).worker().instanceId();
    String b = Config.from(Map.of("WA_INSTANCE_ID", "shop-1")).worker().instanceId();
    assertTrue(a.startsWith("shop-1-") && b.startsWith("shop-1-"), a + " " + b);
    assertTrue(!a.equals(b), "unique per process: " + a);
  }

  @Test
  void unconfirmedLimitDefaultsToThree() {
    assertEquals(3, Config.from(Map.of()).whatsapp().unconfirmedLimit());
    assertEquals(
        1, Config.from(Map.of("WA_SEND_UNCONFIRMED_LIMIT", "1")).whatsapp().unconfirmedLimit());
  }

  @Test
  void regionIsCaseInsensitive() {
    assertEquals("IL", Config.from(Map.of("WA_DEFAULT_REGION", "il")).messages().defaultRegion());
  }

  @Test
  void theDatabaseIsReachedDirectlyUnlessAPoolerIsNamed() {
    Config direct = Config.from(Map.of("WA_DATABASE_URL", "jdbc:postgresql://db/wa"));
    assertEquals(Config.Pooler.NONE, direct.database().pooler());
    assertNull(direct.database().migrationUrl());
    Config pooled =
        Config.from(
            Map.of(
                "WA_DATABASE_URL", "jdbc:postgresql://bouncer:6432/wa",
                "WA_DATABASE_POOLER", "transaction",
                "WA_DATABASE_MIGRATION_URL", "jdbc:postgresql://db:5432/wa"));
    assertEquals(Config.Pooler.TRANSACTION, pooled.database().pooler());
    assertEquals("jdbc:postgresql://db:5432/wa", pooled.database().migrationUrl());
  }

  @Test
  void anUnknownPoolerModeIsRefusedWithTheAcceptedOnes() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Config.from(
                    Map.of(
                        "WA_DATABASE_URL", "jdbc:postgresql://db/wa",
                        "WA_DATABASE_POOLER", "statement")));
    assertTrue(e.getMessage().contains("none, session, transaction"), e.getMessage());
  }

  @Test
  void aPoolerWithoutADatabaseUrlIsRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Config.from(Map.of("WA_DATABASE_POOLER", "transaction")));
    assertTrue(e.getMessage().startsWith("WA_DATABASE_POOLER is set but WA_DATABASE_URL is not"));
  }
}
