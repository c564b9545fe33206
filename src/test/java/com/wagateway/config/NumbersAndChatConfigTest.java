package com.wagateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NumbersAndChatConfigTest {

  @Test
  void chatsOpenInTheAppFirstAndTheUrlLastUnlessSet() {
    assertEquals(
        List.of(Config.ChatOpening.IN_APP, Config.ChatOpening.NEW_CHAT, Config.ChatOpening.URL),
        Config.from(Map.of()).whatsapp().chatOpening());
    assertEquals(
        List.of(Config.ChatOpening.URL, Config.ChatOpening.IN_APP),
        Config.from(Map.of("WA_CHAT_OPENING", " URL, in_app")).whatsapp().chatOpening());
  }

  @Test
  void anUnknownOrRepeatedWayOfOpeningChatsStopsStartUpNamingTheVariable() {
    for (String bad : List.of("in_app,teleport", "url,url", ",")) {
      ConfigException e =
          assertThrows(
              ConfigException.class, () -> Config.from(Map.of("WA_CHAT_OPENING", bad)), bad);
      assertTrue(e.getMessage().startsWith("WA_CHAT_OPENING="), e.getMessage());
    }
  }

  @Test
  void numberAnswersAreKeptAWeekAndRequestsWaitTwentySecondsUnlessSet() {
    Config.Numbers defaults = Config.from(Map.of()).numbers();
    assertEquals(Duration.ofDays(7), defaults.checkTtl());
    assertEquals(Duration.ofSeconds(20), defaults.checkWait());
    Config.Numbers set =
        Config.from(Map.of("WA_NUMBER_CHECK_TTL", "1d", "WA_NUMBER_CHECK_WAIT", "0s")).numbers();
    assertEquals(Duration.ofDays(1), set.checkTtl());
    assertEquals(Duration.ZERO, set.checkWait());
    assertThrows(ConfigException.class, () -> Config.from(Map.of("WA_NUMBER_CHECK_TTL", "0s")));
  }
}
