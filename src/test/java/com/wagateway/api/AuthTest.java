package com.wagateway.api;

import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication on every client route; failures from one address are slowed after 5 a minute here.
 */
class AuthTest {
  private static final List<String[]> CLIENT_ROUTES =
      List.of(
          new String[] {"GET", "/contacts"},
          new String[] {"POST", "/contacts"},
          new String[] {"GET", "/contacts/1"},
          new String[] {"PATCH", "/contacts/1"},
          new String[] {"DELETE", "/contacts/1"},
          new String[] {"GET", "/messages"},
          new String[] {"POST", "/messages"},
          new String[] {"POST", "/messages/batch"},
          new String[] {"GET", "/messages/1"},
          new String[] {"DELETE", "/messages/1"},
          new String[] {"POST", "/messages/1/retry"},
          new String[] {"POST", "/send-message/"});

  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(AuthTest.class, Map.of("WA_AUTH_FAILURES_PER_MINUTE", "1000"));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyClientRouteRefusesMissingAndWrongKeys() {
    for (String[] route : CLIENT_ROUTES) {
      Api.Response none = call(route, null);
      assertEquals(401, none.status(), route[0] + " " + route[1]);
      assertEquals("Bearer", none.header("WWW-Authenticate"));
      assertEquals(401, call(route, "wa_wrong").status(), route[0] + " " + route[1]);
    }
  }

  @Test
  void bearerAndXApiKeyAndTheSeedBodyFieldsAllWork() {
    String key = server.newClientKey("auth");
    assertEquals(200, api.get("/contacts").key(key).send().status());
    assertEquals(200, api.get("/contacts").header("X-API-Key", key).send().status());
    assertEquals(
        201,
        api.post("/send-message/")
            .json(obj("api_key", key, "phone", "+14155550800", "message", "hi"))
            .send()
            .status());
    String name = new ClientService(server.db().dsl()).authenticate(key, null).orElseThrow().name();
    assertEquals(
        201,
        api.post("/send-message/")
            .json(
                obj("api_key", key, "client_name", name, "phone", "+14155550800", "message", "hi"))
            .send()
            .status());
    assertEquals(
        401,
        api.post("/send-message/")
            .json(
                obj(
                    "api_key",
                    key,
                    "client_name",
                    "someone-else",
                    "phone",
                    "+14155550800",
                    "message",
                    "hi"))
            .send()
            .status());
  }

  @Test
  void disabledClientIsRefused() {
    String key = server.newClientKey("auth");
    String name = new ClientService(server.db().dsl()).authenticate(key, null).orElseThrow().name();
    new ClientService(server.db().dsl()).setActive(name, false);
    assertEquals(401, api.get("/messages").key(key).send().status());
  }

  @Test
  void repeatedFailuresFromOneAddressAreSlowedDown() {
    try (TestServer strict =
        TestServer.start(AuthTest.class, Map.of("WA_AUTH_FAILURES_PER_MINUTE", "5"))) {
      Api strictApi = strict.api();
      String key = strict.newClientKey("auth");
      for (int i = 0; i < 5; i++)
        assertEquals(401, strictApi.get("/messages").key("wa_guess" + i).send().status());
      Api.Response slowed = strictApi.get("/messages").key("wa_guess").send();
      assertEquals(429, slowed.status());
      long retryAfter = Long.parseLong(slowed.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 60);
      // The address is slowed, not the callers who hold a key (see AuthLockoutTest).
      assertEquals(200, strictApi.get("/messages").key(key).send().status());
      assertEquals(429, strictApi.get("/admin/stats").key("wrong").send().status());
    }
  }

  private static Api.Response call(String[] route, String key) {
    Api.Call call =
        switch (route[0]) {
          case "GET" -> api.get(route[1]);
          case "POST" -> api.post(route[1]);
          case "PATCH" -> api.patch(route[1]);
          default -> api.delete(route[1]);
        };
    if (key != null) call.key(key);
    if (!route[0].equals("GET") && !route[0].equals("DELETE")) {
      call.json(
          obj(
              "name",
              "x",
              "phone",
              "+14155550801",
              "text",
              "x",
              "messages",
              List.of(Map.of("phone", "+14155550801", "text", "x"))));
    }
    return call.send();
  }
}
