package com.wagateway.http;

import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the attacker's probe sent, each answered with the exact 4xx that names the problem: never a
 * 500, never a quietly changed request.
 */
class HostileTrafficTest {
  private static TestServer server;
  private static Api api;
  private static String key;

  @BeforeAll
  static void start() {
    server = TestServer.start(HostileTrafficTest.class);
    api = server.api();
    key = server.newClientKey("hostile");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aUtcOffsetPostgresqlCannotStoreIsA400NamingTheField() {
    for (String offset : List.of("+16:00", "-16:00", "+18:00", "-17:30")) {
      Api.Response r =
          api.post("/messages")
              .key(key)
              .json(
                  obj(
                      "phone",
                      "+14155550101",
                      "text",
                      "x",
                      "send_at",
                      "2026-12-01T09:00:00" + offset))
              .send();
      assertInvalid(r, "send_at");
    }
    assertInvalid(
        api.get("/messages?created_after=2026-01-01T00:00:00%2B17:00").key(key).send(),
        "created_after");
    assertInvalid(
        api.get("/messages?created_before=2026-01-01T00:00:00-18:00").key(key).send(),
        "created_before");
    assertInvalid(
        api.get("/admin/messages?created_after=2026-01-01T00:00:00%2B16:00")
            .key(TestServer.ADMIN_TOKEN)
            .send(),
        "created_after");
  }

  @Test
  void theWidestOffsetPostgresqlTakesIsAccepted() {
    Api.Response r =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+14155550102", "text", "x", "send_at", "2026-12-01T09:00:00+15:59"))
            .send();
    assertEquals(201, r.status(), r.toString());
    assertEquals(
        200, api.get("/messages?created_after=2026-01-01T00:00:00-15:59").key(key).send().status());
  }

  @Test
  void anIntegerWithAHugeExponentIsA400NamingTheField() {
    assertInvalid(
        api.post("/messages")
            .key(key)
            .header("Content-Type", "application/json")
            .json("{\"contact_id\": 1e10001, \"text\": \"x\"}")
            .send(),
        "contact_id");
    assertInvalid(
        api.post("/messages/batch")
            .key(key)
            .json("{\"messages\": [{\"contact_id\": 1E+999999999, \"text\": \"x\"}]}")
            .send(),
        "messages[0].contact_id");
    assertInvalid(
        api.post("/admin/clients")
            .key(TestServer.ADMIN_TOKEN)
            .json("{\"name\": \"exp\", \"quota_per_minute\": 1e10001}")
            .send(),
        "quota_per_minute");
    server.newClientKey("patched");
    assertInvalid(
        api.patch("/admin/clients/patched-2")
            .key(TestServer.ADMIN_TOKEN)
            .json("{\"quota_per_day\": -1e10001}")
            .send(),
        "quota_per_day");
  }

  @Test
  void aKeyTwiceInOneObjectIsRefused() {
    Api.Response r =
        api.post("/send-message/")
            .json(
                "{\"api_key\": \"wrong\", \"api_key\": \""
                    + key
                    + "\", \"phone\": \"+14155550103\", \"text\": \"x\"}")
            .send();
    assertEquals(400, r.status(), r.toString());
    assertTrue(r.json().get("detail").getAsString().contains("'api_key' twice"), r.toString());
    Api.Response nested =
        api.post("/messages/batch")
            .key(key)
            .json(
                "{\"messages\": [{\"phone\": \"+14155550103\", \"text\": \"a\", \"text\": \"b\"}]}")
            .send();
    assertEquals(400, nested.status(), nested.toString());
    assertEquals(0, messagesTo("+14155550103"), "nothing stored");
  }

  @Test
  void malformedJsonIsDescribedWithoutTheParsersInternals() {
    for (String body :
        List.of("{'phone': 'x'}", "{\"a\": 1,}", "{\"a\" 1}", "{\"a\": tru}", "{\"a\": 1} {}")) {
      Api.Response r = api.post("/messages").key(key).json(body).send();
      assertEquals(400, r.status(), body + " -> " + r);
      String detail = r.json().get("detail").getAsString();
      assertTrue(detail.startsWith("The request body is not valid JSON"), detail);
      for (String internal : List.of("JsonReader", "Strictness", "setLenient", "github.com", "$"))
        assertFalse(detail.contains(internal), body + " -> " + detail);
    }
  }

  @Test
  void aTextOfOnlyInvisibleCharactersIsRefused() {
    for (String text :
        List.of("\u200B", "\u200B\u200C\u200D\u2060\uFEFF", "\u3164\u3164", " \u00AD\u200E ")) {
      assertInvalid(
          api.post("/messages").key(key).json(obj("phone", "+14155550104", "text", text)).send(),
          "text");
    }
    assertInvalid(
        api.post("/send-message/")
            .key(key)
            .json(obj("phone", "+14155550104", "message", "\u2800"))
            .send(),
        "message");
    assertInvalid(
        api.post("/contacts").key(key).json(obj("name", "\u200B", "phone", "+14155550104")).send(),
        "name");
    // An emoji with its variation selector shows: it is text.
    assertEquals(
        201,
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+14155550104", "text", "\u2764\uFE0F"))
            .send()
            .status());
  }

  @Test
  void phoneNumbersWithExtensionsOrLettersAreRefusedNotChanged() {
    for (String phone :
        List.of(
            "+1 650 253 0000 ext. 123",
            "+16502530000;ext=123",
            "+1 650 253 0000 x123",
            "+1-800-FLOWERS",
            "+972 5O 123 4567")) {
      assertInvalid(
          api.post("/messages").key(key).json(obj("phone", phone, "text", "x")).send(), "phone");
      assertInvalid(
          api.post("/contacts").key(key).json(obj("name", "n", "phone", phone)).send(), "phone");
    }
  }

  @Test
  void theInternationalPrefix00IsAccepted() {
    Api.Response r =
        api.post("/messages").key(key).json(obj("phone", "0049 30 1234567", "text", "x")).send();
    assertEquals(201, r.status(), r.toString());
    assertEquals("+49301234567", r.json().get("phone").getAsString());
  }

  /**
   * Undertow's chunk decoder closes the connection on a chunk size it cannot hold, before any
   * handler can answer (so the 400 the probe asked for cannot be sent): the request is refused
   * whole, nothing is stored and nothing after it on that connection is read as a request.
   */
  @Test
  void anOversizedChunkSizeClosesTheConnectionAndStoresNothing() throws IOException {
    for (String size : List.of("FFFFFFFFFFFFFFFFFFFFFFFF", "FFFFFFFFFF")) {
      String answer =
          raw(
              "POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + key
                  + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + size
                  + "\r\n{\"phone\": \"+14155550106\", \"text\": \"x\"}\r\n0\r\n\r\n"
                  + "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertEquals("", answer, "closed without an answer, the smuggled GET unanswered too");
    }
    assertEquals(0, messagesTo("+14155550106"));
    assertEquals(200, api.get("/health/live").send().status());
  }

  @Test
  void everyAnswerCarriesSecurityHeaders() {
    for (Api.Response r :
        List.of(
            api.get("/health/live").send(),
            api.get("/messages").key(key).send(),
            api.get("/messages").key("wrong-key").send(),
            api.get("/messages/999999").key(key).send(),
            api.get("/openapi.json").send())) {
      assertEquals("nosniff", r.header("X-Content-Type-Options"), r.toString());
      assertEquals("no-referrer", r.header("Referrer-Policy"), r.toString());
      assertEquals("DENY", r.header("X-Frame-Options"), r.toString());
      assertTrue(r.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
    }
    Api.Response page = api.get("/docs").unchecked().send();
    assertEquals(200, page.status());
    assertTrue(page.header("Content-Type").startsWith("text/html"));
    assertEquals("DENY", page.header("X-Frame-Options"));
    String csp = page.header("Content-Security-Policy");
    assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
  }

  @Test
  void answersThatCarryAKeyAreNeverStored() {
    Api.Response created =
        api.post("/admin/clients").key(TestServer.ADMIN_TOKEN).json(obj("name", "nostore")).send();
    assertEquals(201, created.status(), created.toString());
    assertEquals("no-store", created.header("Cache-Control"));
    Api.Response rotated =
        api.post("/admin/clients/nostore/rotate-key").key(TestServer.ADMIN_TOKEN).send();
    assertEquals(200, rotated.status());
    assertEquals("no-store", rotated.header("Cache-Control"));
  }

  @Test
  void noRedirectIsBuiltFromTheHostHeader() throws IOException {
    for (String path : List.of("/docs", "/docs/", "/docs/index.html", "/docs/swagger-ui.css")) {
      String answer =
          raw("GET " + path + " HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
      assertFalse(answer.toLowerCase().contains("evil.example"), path + " -> " + head(answer));
    }
    String dir =
        raw("GET /docs/META-INF HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    assertFalse(dir.toLowerCase().contains("evil.example"), head(dir));
  }

  @Test
  void theIdempotencyFingerprintDoesNotDependOnKeyOrder() {
    String idem = UUID.randomUUID().toString();
    Api.Response first =
        api.post("/messages")
            .key(key)
            .header("Idempotency-Key", idem)
            .json("{\"phone\": \"+14155550105\", \"text\": \"once\", \"send_at\": null}")
            .send();
    assertEquals(400, first.status(), "null send_at is refused, so nothing is kept");
    Api.Response created =
        api.post("/messages")
            .key(key)
            .header("Idempotency-Key", idem)
            .json("{\"phone\": \"+14155550105\", \"text\": \"once\", \"name\": \"N\"}")
            .send();
    assertEquals(201, created.status(), created.toString());
    Api.Response reordered =
        api.post("/messages")
            .key(key)
            .header("Idempotency-Key", idem)
            .json("{\n  \"name\": \"N\",\n  \"text\": \"once\",\n  \"phone\": \"+14155550105\"\n}")
            .send();
    assertEquals(201, reordered.status(), reordered.toString());
    assertEquals("true", reordered.header("Idempotent-Replayed"));
    assertEquals(created.id(), reordered.id());
    assertEquals(1, messagesTo("+14155550105"));
  }

  private static long messagesTo(String phone) {
    return api.get("/messages?limit=100").key(key).send().data().asList().stream()
        .filter(m -> m.getAsJsonObject().get("phone").getAsString().equals(phone))
        .count();
  }

  private static void assertInvalid(Api.Response r, String field) {
    assertEquals(400, r.status(), r.toString());
    JsonObject problem = r.json();
    assertTrue(
        problem.has("errors")
            && problem.getAsJsonArray("errors").asList().stream()
                .anyMatch(e -> e.getAsJsonObject().get("field").getAsString().equals(field)),
        "expected an error naming " + field + ": " + r);
    assertNull(problem.get("stack"));
  }

  private static String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.app().httpPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      try {
        while ((n = in.read(buffer)) != -1) {
          answer.write(buffer, 0, n);
          if (answer.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")
              && !request.contains("Connection: close")) break;
        }
      } catch (IOException closed) {
        // what arrived before the close is the answer
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static String head(String answer) {
    int end = answer.indexOf("\r\n\r\n");
    return end < 0 ? answer : answer.substring(0, end);
  }
}
