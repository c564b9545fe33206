package com.wagateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.LoggerFactory;

/**
 * Wrong keys from one address lock that address out for the rest of the minute, but not the callers
 * there who hold a key: behind a reverse proxy every integration shares one address.
 */
// Alone in -Pfast's parallel run: it reads a shared logger, which other classes' servers write to.
@Isolated
class AuthLockoutTest {

  @Test
  void aCorrectKeyKeepsWorkingWhileWrongOnesAreThrottled() {
    try (TestServer server =
        TestServer.start(AuthLockoutTest.class, Map.of("WA_AUTH_FAILURES_PER_MINUTE", "5"))) {
      Api api = server.api();
      ClientService clients = new ClientService(server.db().dsl());
      clients.create("legacy", "123456");
      clients.create("quiet", "654321");
      String generated = server.newClientKey("long");
      assertEquals(200, api.get("/messages").key("123456").send().status());

      for (int i = 0; i < 5; i++)
        assertEquals(401, api.get("/messages").key("guess-" + i).send().status());
      assertEquals(429, api.get("/messages").key("guess-5").send().status());
      assertEquals(429, api.get("/admin/stats").key("wrong-admin-token").send().status());

      assertEquals(200, api.get("/messages").key("123456").send().status(), "used here before");
      assertEquals(200, api.get("/messages").key(generated).send().status(), "unguessable");
      assertEquals(200, api.get("/admin/stats").key(TestServer.ADMIN_TOKEN).send().status());
      // A short key never seen from this address waits like a guess would: a guess that happened
      // to be right must not be told so.
      assertEquals(429, api.get("/messages").key("654321").send().status());
    }
  }

  @Test
  void xForwardedForNamesTheCallerOnlyBehindATrustedProxy() {
    try (TestServer behindProxy =
            TestServer.start(
                AuthLockoutTest.class,
                Map.of("WA_AUTH_FAILURES_PER_MINUTE", "3", "WA_TRUSTED_PROXIES", "127.0.0.1/32"));
        TestServer direct =
            TestServer.start(AuthLockoutTest.class, Map.of("WA_AUTH_FAILURES_PER_MINUTE", "3"))) {
      Api proxied = behindProxy.api();
      for (int i = 0; i < 3; i++) {
        // The entries left of the caller are whatever the caller wrote: they do not count.
        assertEquals(401, wrongKey(proxied, "198.51.100." + i + ", 203.0.113.7").status());
      }
      assertEquals(429, wrongKey(proxied, "203.0.113.7").status());
      assertEquals(401, wrongKey(proxied, "203.0.113.8").status(), "another caller is not locked");

      Api api = direct.api();
      for (int i = 0; i < 3; i++)
        assertEquals(401, wrongKey(api, "203.0.113." + (10 + i)).status());
      assertEquals(429, wrongKey(api, "203.0.113.99").status(), "an untrusted peer's header");
    }
  }

  @Test
  void everyFailureAndLockoutIsLoggedWithAddressAndRouteButNeverTheKey() {
    Logger logger = (Logger) LoggerFactory.getLogger(AuthThrottle.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try (TestServer server =
        TestServer.start(AuthLockoutTest.class, Map.of("WA_AUTH_FAILURES_PER_MINUTE", "2"))) {
      Api api = server.api();
      api.get("/messages").key("secret-guess-one").send();
      api.post("/admin/clients").key("secret-guess-two").json("{}").send();
      api.get("/contacts").send();
      List<String> lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertEquals(4, lines.size(), String.join("\n", lines));
      assertTrue(lines.get(0).contains("127.0.0.1") && lines.get(0).contains("GET /messages"));
      assertTrue(lines.get(1).contains("POST /admin/clients"), lines.get(1));
      assertTrue(lines.get(2).startsWith("Locked out 127.0.0.1"), lines.get(2));
      assertTrue(lines.get(3).contains("GET /contacts") && lines.get(3).contains("locked out"));
      for (String line : lines) assertFalse(line.contains("secret-guess"), line);
    } finally {
      logger.detachAppender(logged);
    }
  }

  private static Api.Response wrongKey(Api api, String forwardedFor) {
    return api.get("/messages").key("not-a-key").header("X-Forwarded-For", forwardedFor).send();
  }
}
