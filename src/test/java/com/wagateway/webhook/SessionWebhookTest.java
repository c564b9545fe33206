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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service's own endpoint (WA_SESSION_WEBHOOK_URL) hears of session state changes, signed with
 * WA_SESSION_WEBHOOK_SECRET. The session is a stand-in that reports changes through the listener
 * App gives every sender, as the WhatsApp Web sender does.
 */
class SessionWebhookTest {

  private static List<String> states(WebhookReceiver receiver) {
    return receiver.received().stream()
        .map(r -> r.json().getAsJsonObject("data").get("state").getAsString())
        .toList();
  }

  @Test
  void sessionStateChangesArePostedToTheSessionWebhookSignedAndInOrder() throws Exception {
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
        receiver.answer(503);
        told[0].stateChanged(
            new SessionStateListener.Change(
                "default",
                SessionState.READY,
                SessionState.LOGGED_OUT,
                SessionState.LOGGED_OUT.description(),
                Instant.now()));
        told[0].stateChanged(
            new SessionStateListener.Change(
                "default",
                SessionState.LOGGED_OUT,
                SessionState.QR_REQUIRED,
                SessionState.QR_REQUIRED.description(),
                Instant.now()));
        await().atMost(Duration.ofMinutes(2)).until(() -> receiver.received().size() >= 2);
        receiver.answer(204);
        await().atMost(Duration.ofMinutes(2)).until(() -> states(receiver).contains("qr_required"));
      }
      // The second change is not posted before the first one is delivered.
      List<String> states = states(receiver);
      int firstQr = states.indexOf("qr_required");
      assertTrue(
          states.subList(0, firstQr).stream().allMatch(s -> s.equals("logged_out")),
          states.toString());
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
