package com.wagateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings that guard the service against callers: refused at start-up when they cannot work. */
class HardeningConfigTest {

  @Test
  void anAdminTokenShorterThan32CharactersStopsStartUpWithoutBeingShown() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Config.from(Map.of("WA_ADMIN_TOKEN", "some-long-secret")));
    assertTrue(e.getMessage().startsWith("WA_ADMIN_TOKEN is too short (16 characters)"));
    assertFalse(e.getMessage().contains("some-long-secret"), "the token is never echoed");
    String token = "x".repeat(32);
    assertEquals(token, Config.from(Map.of("WA_ADMIN_TOKEN", token)).adminToken());
  }

  @Test
  void trustedProxiesAreCidrBlocksAndNothingElse() throws Exception {
    List<Cidr> proxies =
        Config.from(Map.of("WA_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7 ,::1"))
            .http()
            .trustedProxies();
    assertEquals(3, proxies.size());
    assertTrue(proxies.get(0).contains(InetAddress.getByName("10.200.3.4")));
    assertFalse(proxies.get(0).contains(InetAddress.getByName("11.0.0.1")));
    assertTrue(proxies.get(1).contains(InetAddress.getByName("192.168.1.7")));
    assertFalse(proxies.get(1).contains(InetAddress.getByName("192.168.1.8")));
    assertTrue(proxies.get(2).contains(InetAddress.getByName("::1")));
    for (String bad : List.of("proxy.example.com", "10.0.0.0/33", "300.1.1.1", "10.0.0.0/8/8")) {
      ConfigException e =
          assertThrows(
              ConfigException.class, () -> Config.from(Map.of("WA_TRUSTED_PROXIES", bad)), bad);
      assertTrue(e.getMessage().startsWith("WA_TRUSTED_PROXIES="), e.getMessage());
    }
    assertTrue(Config.from(Map.of()).http().trustedProxies().isEmpty());
  }

  @Test
  void theReadTimeoutHasADefaultAndAFloor() {
    assertEquals(Duration.ofSeconds(30), Config.from(Map.of()).http().readTimeout());
    assertEquals(
        Duration.ofSeconds(5),
        Config.from(Map.of("WA_HTTP_READ_TIMEOUT", "5s")).http().readTimeout());
    assertThrows(ConfigException.class, () -> Config.from(Map.of("WA_HTTP_READ_TIMEOUT", "10ms")));
  }
}
