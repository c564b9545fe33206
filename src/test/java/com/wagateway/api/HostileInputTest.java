package com.wagateway.api;

import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs meant to break things get the one 4xx that says what is wrong, naming the field at fault
 * where there is one; never a 500, never a success.
 */
class HostileInputTest {
  private static final List<String> ROUTES =
      List.of("/messages", "/contacts", "/messages/batch", "/send-message/");
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

  /**
   * A body, the status every route that creates something answers it with, and the field each of
   * them names ({@code null}: the body as a whole is at fault). Routes in the order of {@link
   * #ROUTES}; a batch without {@code messages} is refused for that before anything else.
   */
  static Stream<Arguments> hostileBodies() {
    String phone = "\"phone\": \"+14155551000\", ";
    return Stream.of(
        body("empty", "", null, null, null, null),
        body("JSON null", "null", null, null, null, null),
        body("an array", "[]", null, null, null, null),
        body("a string", "\"text\"", null, null, null, null),
        body("data after the object", "{\"text\": \"a\"} trailing", null, null, null, null),
        body("wrong types", "{\"phone\": 5, \"text\": true}", "phone", "name", "messages", "phone"),
        body(
            "a year before 1",
            "{" + phone + "\"text\": \"x\", \"send_at\": \"-999999999-01-01T00:00:00Z\"}",
            "send_at",
            "name",
            "messages",
            "send_at"),
        body(
            "a year after 9999",
            "{" + phone + "\"text\": \"x\", \"send_at\": \"+99999-01-01T00:00:00Z\"}",
            "send_at",
            "name",
            "messages",
            "send_at"),
        body(
            "NUL in a name",
            "{" + phone + "\"name\": \"a\\u0000b\", \"text\": \"x\"}",
            "name",
            "name",
            "messages",
            "name"),
        body(
            "a number beyond double",
            "{\"contact_id\": 1e400, \"text\": \"x\"}",
            "contact_id",
            "name",
            "messages",
            "phone"),
        body(
            "a number beyond long",
            "{\"contact_id\": 99999999999999999999, \"text\": \"x\"}",
            "contact_id",
            "name",
            "messages",
            "phone"),
        body(
            "a phone of 10,000 digits",
            "{\"phone\": \"" + "9".repeat(10_000) + "\", \"text\": \"x\"}",
            "phone",
            "name",
            "messages",
            "phone"),
        body("5,000 nested arrays", "[".repeat(5000) + "]".repeat(5000), null, null, null, null),
        body(
            "3,000 nested objects",
            "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
            null,
            null,
            null,
            null),
        body(
            "a lone surrogate",
            // Strict JSON parsing refuses half a surrogate pair: no encoding could store it.
            "{" + phone + "\"text\": \"\\ud800\\udc00\\ud800\"}",
            null,
            null,
            null,
            null));
  }

  private static Arguments body(String label, String body, String... fields) {
    return Arguments.of(label, body, Arrays.asList(fields));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileBodies")
  void hostileBodiesAre400NamingTheField(String label, String body, List<String> fields) {
    for (int i = 0; i < ROUTES.size(); i++) {
      String route = ROUTES.get(i);
      Api.Response r =
          api.post(route).key(key).header("Content-Type", "application/json").json(body).send();
      assertEquals(400, r.status(), route + " " + label + " -> " + r);
      String field = fields.get(i);
      if (field == null) {
        assertTrue(!r.json().has("errors"), route + " " + label + ": no field is at fault: " + r);
      } else {
        assertTrue(names(r, field), route + " " + label + " names " + field + ": " + r);
      }
    }
  }

  private static boolean names(Api.Response problem, String field) {
    return problem.json().has("errors")
        && problem.json().getAsJsonArray("errors").asList().stream()
            .map(JsonElement::getAsJsonObject)
            .anyMatch(e -> e.get("field").getAsString().equals(field));
  }

  static Stream<Arguments> hostileQueries() {
    return Stream.of(
        Arguments.of("/messages?created_after=%2B99999-01-01T00:00:00Z", 400, "created_after"),
        Arguments.of("/messages?created_before=-999999999-01-01T00:00:00Z", 400, "created_before"),
        Arguments.of("/messages?status=%00", 400, "status"),
        Arguments.of("/contacts?name=%00", 400, "name"),
        Arguments.of("/messages?limit=1e2", 400, "limit"),
        Arguments.of("/messages?cursor=" + "A".repeat(200), 400, "cursor"),
        Arguments.of("/messages?limit=1&limit=2", 400, "limit"),
        Arguments.of("/messages?contact_id=0", 400, "contact_id"),
        // Wildcards are searched for as they are, not as patterns.
        Arguments.of("/contacts?name=%25_%5C", 200, null),
        Arguments.of("/messages/99999999999999999999", 404, null),
        Arguments.of("/messages/-1", 404, null),
        Arguments.of("/contacts/0", 404, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileQueries")
  void hostileQueriesAndPathsGetTheirExactAnswer(String path, int status, String field) {
    Api.Response r = api.get(path).key(key).send();
    assertEquals(status, r.status(), path + " -> " + r);
    if (field != null) {
      assertEquals(
          field,
          r.json().getAsJsonArray("errors").get(0).getAsJsonObject().get("field").getAsString(),
          r.toString());
    }
  }

  @Test
  void clientNamesNoClientCanHaveAre404() {
    for (String name : List.of("%00", "..", "a%20b", "x".repeat(150))) {
      Api.Response r = api.get("/admin/clients/" + name).key(TestServer.ADMIN_TOKEN).send();
      assertEquals(404, r.status(), name + " -> " + r);
    }
  }

  @Test
  void oddHeadersAreClientErrors() {
    assertEquals(
        401,
        api.get("/messages")
            .header("Authorization", "Bearer " + "k".repeat(10_000))
            .send()
            .status());
    assertEquals(
        401, api.get("/messages").header("Authorization", "Basic Zm9vOmJhcg==").send().status());
    Api.Response r =
        api.post("/messages")
            .key(key)
            .header("Idempotency-Key", "tab\tinside")
            .json(obj("phone", "+14155551000", "text", "x"))
            .send();
    assertEquals(400, r.status(), r.toString());
    assertTrue(names(r, "Idempotency-Key"), r.toString());
  }
}
