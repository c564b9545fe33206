package com.wagateway.api;

import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inputs meant to break things get a documented 4xx, never a 500. */
class HostileInputTest {
  private static TestServer server;
  private static Api api;
  private static String key;

  @BeforeAll
  static void start() {
    server = TestServer.start(HostileInputTest.class);
    api = server.api();
    key = server.newClientKey("h");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void malformedBodiesAreClientErrors() {
    List<String> bodies =
        List.of(
            "",
            "null",
            "[]",
            "\"text\"",
            "{\"text\": \"a\"} trailing",
            "{\"phone\": 5, \"text\": true}",
            "{\"phone\": \"+14155551000\", \"text\": \"x\", \"send_at\":"
                + " \"-999999999-01-01T00:00:00Z\"}",
            "{\"phone\": \"+14155551000\", \"text\": \"x\", \"send_at\":"
                + " \"+99999-01-01T00:00:00Z\"}",
            "{\"phone\": \"+14155551000\", \"name\": \"a\\u0000b\", \"text\": \"x\"}",
            "{\"contact_id\": 1e400, \"text\": \"x\"}",
            "{\"contact_id\": 99999999999999999999, \"text\": \"x\"}",
            "{\"phone\": \"" + "9".repeat(10_000) + "\", \"text\": \"x\"}",
            "[".repeat(5000) + "]".repeat(5000),
            "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
            "{\"phone\": \"+14155551000\", \"text\": \"\\ud800\\udc00\\ud800\"}");
    for (String body : bodies) {
      for (String path : List.of("/messages", "/contacts", "/messages/batch", "/send-message/")) {
        Api.Response r =
            api.post(path).key(key).header("Content-Type", "application/json").json(body).send();
        assertTrue(r.status() < 500, path + " " + abbreviate(body) + " -> " + r);
      }
    }
  }

  @Test
  void malformedQueriesAndPathsAreClientErrors() {
    List<String> paths =
        List.of(
            "/messages?created_after=%2B99999-01-01T00:00:00Z",
            "/messages?created_before=-999999999-01-01T00:00:00Z",
            "/messages?status=%00",
            "/contacts?name=%00",
            "/contacts?name=%25_%5C",
            "/messages?limit=1e2",
            "/messages?cursor=" + "A".repeat(200),
            "/messages?limit=1&limit=2",
            "/messages/99999999999999999999",
            "/messages/-1",
            "/contacts/0",
            "/messages?contact_id=0");
    for (String path : paths) {
      Api.Response r = api.get(path).key(key).send();
      assertTrue(r.status() < 500 && r.status() >= 200, path + " -> " + r);
    }
    for (String name : List.of("%00", "..", "a%20b", "x".repeat(150))) {
      Api.Response r = api.get("/admin/clients/" + name).key(TestServer.ADMIN_TOKEN).send();
      assertTrue(r.status() == 404, name + " -> " + r);
    }
  }

  @Test
  void oddHeadersAreClientErrors() {
    assertTrue(
        api.get("/messages").header("Authorization", "Bearer " + "k".repeat(10_000)).send().status()
            == 401);
    assertTrue(
        api.get("/messages").header("Authorization", "Basic Zm9vOmJhcg==").send().status() == 401);
    Api.Response r =
        api.post("/messages")
            .key(key)
            .header("Idempotency-Key", "tab\tinside")
            .json(obj("phone", "+14155551000", "text", "x"))
            .send();
    org.junit.jupiter.api.Assertions.assertEquals(400, r.status(), r.toString());
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
