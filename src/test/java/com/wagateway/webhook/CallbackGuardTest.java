package com.wagateway.webhook;

import static com.wagateway.support.Api.obj;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.db.schema.Tables;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import com.wagateway.support.WebhookReceiver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client's callback_url may not point the gateway at its own network: by default a URL that
 * resolves to a loopback or private address is refused at each attempt (OutboundGuardTest has every
 * form), and the receiver there never hears from it. An operator's endpoint to the same address is
 * delivered.
 */
class CallbackGuardTest {

  @Test
  void aCallbackUrlToALoopbackAddressIsRefusedButAnOperatorsEndpointThereIsNot() {
    try (WebhookReceiver receiver = WebhookReceiver.start();
        TestServer server =
            TestServer.start(
                CallbackGuardTest.class,
                Map.of(
                    "WA_WEBHOOK_POLL_INTERVAL", "50ms",
                    "WA_WEBHOOK_RETRY_DELAY", "50ms",
                    "WA_WEBHOOK_RETRY_MAX_DELAY", "100ms"))) {
      Api api = server.api();
      String key = server.newClientKey("probing");
      Api.Response r =
          api.post("/messages")
              .key(key)
              .json(obj("phone", "+972501234567", "text", "x", "callback_url", receiver.url()))
              .send();
      assertEquals(201, r.status(), r.body());

      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  server
                          .db()
                          .dsl()
                          .fetchCount(
                              Tables.WEBHOOK_ATTEMPT,
                              Tables.WEBHOOK_ATTEMPT.ERROR.contains("refused: "))
                      >= 2);
      assertTrue(receiver.received().isEmpty(), "the local receiver was reached");

      api.post("/admin/clients/probing-1/webhooks")
          .key(TestServer.ADMIN_TOKEN)
          .json(obj("url", receiver.url()))
          .send();
      api.post("/messages").key(key).json(obj("phone", "+972501234567", "text", "y")).send();
      await().atMost(Duration.ofMinutes(2)).until(() -> receiver.received().size() == 1);
    }
  }
}
