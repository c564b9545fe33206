package com.wagateway.webhook;

import static com.wagateway.support.Api.obj;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import com.wagateway.support.WebhookReceiver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An endpoint whose every attempt fails for WA_WEBHOOK_DISABLE_AFTER (a day by default, a second
 * here) is disabled and says why; its events wait, and go out once an operator enables it again.
 */
class EndpointDisableTest {

  @Test
  void anEndpointFailingForTooLongIsDisabledAndItsEventsWaitUntilItIsEnabled() {
    try (WebhookReceiver receiver = WebhookReceiver.start();
        TestServer server =
            TestServer.start(
                EndpointDisableTest.class,
                Map.of(
                    "WA_WEBHOOK_POLL_INTERVAL", "50ms",
                    "WA_WEBHOOK_RETRY_DELAY", "50ms",
                    "WA_WEBHOOK_RETRY_MAX_DELAY", "100ms",
                    "WA_WEBHOOK_DISABLE_AFTER", "1s"))) {
      Api api = server.api();
      receiver.answer(502);
      String key =
          api.post("/admin/clients")
              .key(TestServer.ADMIN_TOKEN)
              .json(obj("name", "flaky"))
              .send()
              .json()
              .get("api_key")
              .getAsString();
      long id =
          api.post("/admin/clients/flaky/webhooks")
              .key(TestServer.ADMIN_TOKEN)
              .json(obj("url", receiver.url()))
              .send()
              .id();
      api.post("/messages").key(key).json(obj("phone", "+972501234567", "text", "x")).send();

      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> !endpoint(api, id).get("enabled").getAsBoolean());
      JsonObject disabled = endpoint(api, id);
      assertTrue(
          disabled.get("disabled_reason").getAsString().contains("HTTP 502"), disabled.toString());
      int attempts = receiver.received().size();
      await().during(Duration.ofMillis(400)).until(() -> receiver.received().size() == attempts);

      receiver.answer(200);
      Api.Response enabled =
          api.patch("/admin/clients/flaky/webhooks/" + id)
              .key(TestServer.ADMIN_TOKEN)
              .json(obj("enabled", true))
              .send();
      assertEquals(200, enabled.status(), enabled.body());
      await().atMost(Duration.ofMinutes(2)).until(() -> receiver.received().size() == attempts + 1);
      assertTrue(endpoint(api, id).get("failing_since").isJsonNull());
    }
  }

  private static JsonObject endpoint(Api api, long id) {
    return api.get("/admin/clients/flaky/webhooks/" + id).key(TestServer.ADMIN_TOKEN).send().json();
  }
}
