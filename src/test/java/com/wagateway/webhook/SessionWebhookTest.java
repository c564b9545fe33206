package com.wagateway.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.App;
import com.wagateway.support.ScriptedSender;
import com.wagateway.support.StandardWebhooks;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.support.WebhookReceiver;
import com.wagateway.whatsapp.SessionState;
import com.wagateway.whatsapp.SessionStateListener;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service's own endpoint (WA_SESSION_WEBHOOK_URL) hears of session state changes, signed with
 * WA_SESSION_WEBHOOK_SECRET. The session is a stand-in that reports changes through the listener
 * App gives every sender, as the WhatsApp Web sender does.
 */
class SessionWebhookTest {

  @Test
  void aSessionStateChangeIsPostedToTheSessionWebhookSigned() throws Exception {
    String secret = WebhookSigner.newSecret();
    try (TestDatabase db = TestDatabase.create(SessionWebhookTest.class);
        WebhookReceiver receiver = WebhookReceiver.start()) {
      var config =
          TestConfig.config(
              db,
              Files.createTempDirectory("wa-session-webhook"),
              Map.of(
                  "WA_SESSION_WEBHOOK_URL",
                  receiver.url(),
                  "WA_SESSION_WEBHOOK_SECRET",
                  secret,
                  "WA_WEBHOOK_POLL_INTERVAL",
                  "50ms"));
      SessionStateListener[] told = new SessionStateListener[1];
      try (App app =
          App.serve(
              config,
              (c, listener) -> {
                told[0] = listener;
                return ScriptedSender.alwaysSent();
              })) {
        told[0].stateChanged(
            new SessionStateListener.Change(
                "default",
                SessionState.READY,
                SessionState.LOGGED_OUT,
                SessionState.LOGGED_OUT.description(),
                Instant.now()));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
      }
      WebhookReceiver.Request got = receiver.received().get(0);
      assertTrue(StandardWebhooks.verifies(secret, got), got.headers().toString());
      assertEquals("session.state_changed", got.type());
      JsonObject data = got.json().getAsJsonObject("data");
      assertEquals("default", data.get("session").getAsString());
      assertEquals("ready", data.get("previous_state").getAsString());
      assertEquals("logged_out", data.get("state").getAsString());
    }
  }
}
