package com.wagateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.wagateway.App;
import com.wagateway.config.Config;
import com.wagateway.support.TestServer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Safe by default (issue 24): the API listens on loopback unless WA_HTTP_HOST says otherwise, and
 * start-up warns, naming the clients but never their keys, when it listens beyond loopback while an
 * active client's key is shorter than 32 characters.
 */
class ShortKeyWarningTest {

  private static List<String> warningsStarting(
      Function<com.wagateway.support.TestDatabase, Map<String, String>> setUp) {
    Logger logger = (Logger) LoggerFactory.getLogger(App.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try (TestServer server = TestServer.start(ShortKeyWarningTest.class, setUp)) {
      return logged.list.stream()
          .map(ILoggingEvent::getFormattedMessage)
          .filter(l -> l.contains("shorter than 32"))
          .toList();
    } finally {
      logger.detachAppender(logged);
    }
  }

  @Test
  void theApiListensOnLoopbackUnlessToldOtherwise() {
    assertEquals("127.0.0.1", Config.from(Map.of()).http().host());
  }

  @Test
  void listeningOnEveryAddressWithAShortKeyIsWarnedNamingTheClientNotTheKey() {
    List<String> warnings =
        warningsStarting(
            db -> {
              new ClientService(db.dsl()).create("legacy", "123456");
              new ClientService(db.dsl()).create("modern", null);
              return Map.of("WA_HTTP_HOST", "0.0.0.0");
            });
    assertEquals(1, warnings.size(), String.join("\n", warnings));
    assertTrue(warnings.get(0).contains("legacy"), warnings.get(0));
    assertFalse(warnings.get(0).contains("modern"), warnings.get(0));
    assertFalse(warnings.get(0).contains("123456"), warnings.get(0));
  }

  @Test
  void onLoopbackOrOnceRotatedThereIsNoWarning() {
    assertEquals(
        List.of(),
        warningsStarting(
            db -> {
              new ClientService(db.dsl()).create("local", "123456");
              return Map.of("WA_HTTP_HOST", "127.0.0.1");
            }));
    assertEquals(
        List.of(),
        warningsStarting(
            db -> {
              ClientService clients = new ClientService(db.dsl());
              clients.create("rotated", "123456");
              clients.rotateKey("rotated");
              clients.create("disabled", "654321");
              clients.setActive("disabled", false);
              return Map.of("WA_HTTP_HOST", "0.0.0.0");
            }));
  }
}
