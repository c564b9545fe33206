package com.wagateway.http;

import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.TestDatabase;
import com.wagateway.support.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad request gets a clear 4xx in problem+json naming the field, and writes nothing. */
class BadInputTest {
  static TestServer server;
  static TestDatabase db;
  static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(BadInputTest.class, Map.of("WA_WORKER_POLL_INTERVAL", "1h"));
    db = server.db();
    new ClientService(db.dsl()).create("infinity", "123456");
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void nothingWasWritten() {
    assertEquals(0, db.dsl().fetchCount(MESSAGE_QUEUE));
    assertEquals(0, db.dsl().fetchCount(CONTACT));
  }

  private static final String AUTH = "\"client_name\":\"infinity\",\"api_key\":\"123456\",";
  private static final String OK_REST =
      "\"phone\":\"+972501234567\",\"name\":\"Dani\",\"text\":\"hi\"";

  static Stream<Arguments> badBodies() {
    String long4097 = "a".repeat(4097);
    return Stream.of(
        Arguments.of("not JSON at all", "hello", 400, null),
        Arguments.of("truncated JSON", "{" + AUTH + "\"phone\":", 400, null),
        Arguments.of("trailing garbage", "{" + AUTH + OK_REST + "} x", 400, null),
        Arguments.of("JSON array", "[1,2]", 400, null),
        Arguments.of("JSON string", "\"text\"", 400, null),
        Arguments.of("empty body", "", 400, null),
        Arguments.of(
            "missing phone", "{" + AUTH + "\"name\":\"Dani\",\"text\":\"hi\"}", 400, "phone"),
        Arguments.of(
            "missing text",
            "{" + AUTH + "\"phone\":\"+972501234567\",\"name\":\"Dani\"}",
            400,
            "text"),
        Arguments.of(
            "phone as number",
            "{" + AUTH + "\"phone\":972501234567,\"name\":\"D\",\"text\":\"hi\"}",
            400,
            "phone"),
        Arguments.of(
            "phone as object",
            "{" + AUTH + "\"phone\":{},\"name\":\"D\",\"text\":\"hi\"}",
            400,
            "phone"),
        Arguments.of(
            "phone letters",
            "{" + AUTH + "\"phone\":\"call me\",\"name\":\"D\",\"text\":\"hi\"}",
            400,
            "phone"),
        Arguments.of(
            "phone too short",
            "{" + AUTH + "\"phone\":\"+97250\",\"name\":\"D\",\"text\":\"hi\"}",
            400,
            "phone"),
        Arguments.of(
            "phone unknown country",
            "{" + AUTH + "\"phone\":\"+999123456789\",\"name\":\"D\",\"text\":\"hi\"}",
            400,
            "phone"),
        Arguments.of(
            "local phone without region",
            "{" + AUTH + "\"phone\":\"0501234567\",\"name\":\"D\",\"text\":\"hi\"}",
            400,
            "phone"),
        Arguments.of(
            "phone empty",
            "{" + AUTH + "\"phone\":\"\",\"name\":\"D\",\"text\":\"hi\"}",
            400,
            "phone"),
        Arguments.of(
            "phone absurdly long",
            "{" + AUTH + "\"phone\":\"+" + "1".repeat(80) + "\",\"name\":\"D\",\"text\":\"hi\"}",
            400,
            "phone"),
        Arguments.of(
            "text empty",
            "{" + AUTH + "\"phone\":\"+972501234567\",\"name\":\"D\",\"text\":\"\"}",
            400,
            "text"),
        Arguments.of(
            "text only spaces",
            "{" + AUTH + "\"phone\":\"+972501234567\",\"name\":\"D\",\"text\":\"   \\n \"}",
            400,
            "text"),
        Arguments.of(
            "text too long",
            "{"
                + AUTH
                + "\"phone\":\"+972501234567\",\"name\":\"D\",\"text\":\""
                + long4097
                + "\"}",
            400,
            "text"),
        Arguments.of(
            "text as array",
            "{" + AUTH + "\"phone\":\"+972501234567\",\"name\":\"D\",\"text\":[\"hi\"]}",
            400,
            "text"),
        Arguments.of(
            "text and message both",
            "{"
                + AUTH
                + "\"phone\":\"+972501234567\",\"name\":\"D\",\"text\":\"a\",\"message\":\"b\"}",
            400,
            "text"),
        Arguments.of(
            "text with NUL",
            "{" + AUTH + "\"phone\":\"+972501234567\",\"name\":\"D\",\"text\":\"a\\u0000b\"}",
            400,
            "text"),
        Arguments.of(
            "name as number",
            "{" + AUTH + "\"phone\":\"+972501234567\",\"name\":5,\"text\":\"hi\"}",
            400,
            "name"),
        Arguments.of(
            "name too long",
            "{"
                + AUTH
                + "\"phone\":\"+972501234567\",\"name\":\""
                + "n".repeat(201)
                + "\",\"text\":\"hi\"}",
            400,
            "name"),
        Arguments.of(
            "send_at without offset",
            "{" + AUTH + OK_REST + ",\"send_at\":\"2026-12-01T09:00:00\"}",
            400,
            "send_at"),
        Arguments.of(
            "send_at garbage", "{" + AUTH + OK_REST + ",\"send_at\":\"tomorrow\"}", 400, "send_at"),
        Arguments.of(
            "send_at years ahead",
            "{" + AUTH + OK_REST + ",\"send_at\":\"2099-01-01T00:00:00Z\"}",
            400,
            "send_at"),
        Arguments.of(
            "send_at as number", "{" + AUTH + OK_REST + ",\"send_at\":1700000000}", 400, "send_at"),
        Arguments.of(
            "api_key as number",
            "{\"client_name\":\"infinity\",\"api_key\":123456," + OK_REST + "}",
            400,
            "api_key"),
        Arguments.of(
            "client_name as bool",
            "{\"client_name\":true,\"api_key\":\"123456\"," + OK_REST + "}",
            400,
            "client_name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void badBodyIsRefusedNamingTheField(String label, String body, int status, String field) {
    Api.Response r = api.post("/send-message/").json(body).send();

    assertEquals(status, r.status(), r.body());
    assertProblem(r, status);
    if (field != null) {
      JsonObject problem = r.json();
      assertTrue(problem.has("errors"), r.body());
      boolean named =
          problem.getAsJsonArray("errors").asList().stream()
              .anyMatch(e -> e.getAsJsonObject().get("field").getAsString().equals(field));
      assertTrue(named, "expected an error for '" + field + "': " + r.body());
    }
  }

  @Test
  void allBadFieldsAreNamedAtOnce() {
    Api.Response r =
        api.post("/send-message/")
            .json("{" + AUTH + "\"phone\":\"x\",\"name\":1,\"text\":\"\"}")
            .send();
    assertEquals(400, r.status());
    assertEquals(3, r.json().getAsJsonArray("errors").size(), r.body());
  }

  @Test
  void wrongContentTypeIs415() {
    Api.Response r =
        api.post("/send-message/")
            .header("Content-Type", "text/plain")
            .body(("{" + AUTH + OK_REST + "}").getBytes(StandardCharsets.UTF_8))
            .send();
    assertEquals(415, r.status());
    assertProblem(r, 415);
  }

  @Test
  void missingContentTypeIs415() {
    Api.Response r =
        api.post("/send-message/")
            .body(("{" + AUTH + OK_REST + "}").getBytes(StandardCharsets.UTF_8))
            .send();
    assertEquals(415, r.status());
  }

  @Test
  void bodyOver64KiBIs413() {
    String body = "{" + AUTH + OK_REST + ",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
    Api.Response r = api.post("/send-message/").json(body).send();
    assertEquals(413, r.status());
    assertProblem(r, 413);
  }

  @Test
  void chunkedBodyOver64KiBIs413() {
    byte[] big =
        ("{" + AUTH + OK_REST + ",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    // A publisher of unknown length makes the client send chunked transfer encoding.
    Api.Response r =
        api.post("/send-message/")
            .header("Content-Type", "application/json")
            .body(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
            .send();
    assertEquals(413, r.status());
  }

  @Test
  void invalidUtf8Is400() {
    byte[] body =
        ("{" + AUTH + "\"phone\":\"+972501234567\",\"name\":\"D\",\"text\":\"")
            .getBytes(StandardCharsets.UTF_8);
    byte[] bad = Arrays.copyOf(body, body.length + 4);
    bad[body.length] = (byte) 0xC3;
    bad[body.length + 1] = (byte) 0x28;
    bad[body.length + 2] = '"';
    bad[body.length + 3] = '}';
    Api.Response r =
        api.post("/send-message/").header("Content-Type", "application/json").body(bad).send();
    assertEquals(400, r.status());
  }

  @Test
  void getOnSendMessageIs405() {
    Api.Response r = api.get("/send-message/").send();
    assertEquals(405, r.status());
    assertProblem(r, 405);
  }

  @Test
  void unknownPathIs404() {
    // Not in the document, as no unknown path is.
    assertProblem(api.get("/nothing-here").unchecked().send(), 404);
  }

  private static void assertProblem(Api.Response r, int status) {
    String type = r.header("Content-Type");
    assertTrue(type.startsWith("application/problem+json"), type);
    JsonObject problem = r.json();
    assertEquals(status, problem.get("status").getAsInt());
    assertFalse(problem.get("detail").getAsString().isBlank());
    assertFalse(r.body().contains("at com."), "no stack trace: " + r.body());
  }
}
