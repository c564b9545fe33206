package com.wagateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.support.Api;
import com.wagateway.support.OpenApiContract;
import com.wagateway.support.TestServer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The document itself: well-formed OpenAPI 3.1, served as written, and strict enough to catch
 * drift.
 */
class OpenApiDocumentTest {
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(OpenApiDocumentTest.class);
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void documentIsValidOpenApi31() {
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(OpenApiContract.get().text());
    assertTrue(result.getMessages().isEmpty(), String.valueOf(result.getMessages()));
    assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
  }

  @Test
  void everyExampleMatchesItsSchema() {
    List<String> problems = OpenApiContract.get().exampleProblems();
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void servedDocumentIsTheResource() {
    Api.Response r = api.get("/openapi.json").send();
    assertEquals(200, r.status());
    assertEquals(OpenApiContract.get().document(), r.json());
  }

  @Test
  void swaggerUiIsServedFromItsWebJar() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.app().httpPort();
    HttpResponse<String> index =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/docs")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, index.statusCode());
    assertTrue(index.body().contains("swagger-ui-bundle.js"));
    HttpResponse<String> bundle =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/docs/swagger-ui-bundle.js")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, bundle.statusCode());
    assertTrue(bundle.body().length() > 100_000);
    HttpResponse<String> init =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/docs/initializer.js")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(init.body().contains("/openapi.json"));
  }

  @Test
  void theCheckerCatchesResponsesThatDriftFromTheDocument() {
    OpenApiContract contract = OpenApiContract.get();
    String message =
        "{\"id\":1,\"status\":\"pending\",\"phone\":\"+14155550100\",\"contact_id\":2,\"text\":\"x\","
            + "\"error_reason\":null,\"attempts\":0,\"created_at\":\"2026-01-01T00:00:00Z\",\"send_at\":\"2026-01-01T00:00:00Z\",\"sent_at\":null}";
    contract.check("GET", "/messages/1", 200, "application/json", message, h -> null);
    assertThrows(
        AssertionError.class,
        () ->
            contract.check(
                "GET",
                "/messages/1",
                200,
                "application/json",
                message.replace("\"pending\"", "\"lost\""),
                h -> null),
        "unknown status");
    assertThrows(
        AssertionError.class,
        () ->
            contract.check(
                "GET",
                "/messages/1",
                200,
                "application/json",
                message.replace("\"attempts\":0,", ""),
                h -> null),
        "missing field");
    assertThrows(
        AssertionError.class,
        () -> contract.check("GET", "/messages/1", 200, "text/plain", message, h -> null),
        "wrong content type");
    assertThrows(
        AssertionError.class,
        () -> contract.check("GET", "/nowhere", 200, "application/json", "{}", h -> null),
        "undocumented path");
    assertThrows(
        AssertionError.class,
        () -> contract.check("PUT", "/messages/1", 200, "application/json", "{}", h -> null),
        "undocumented method");
    assertThrows(
        AssertionError.class,
        () ->
            contract.check(
                "POST",
                "/messages",
                429,
                "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"t\",\"status\":429,\"detail\":\"d\",\"instance\":\"/messages\"}",
                h -> null),
        "429 without Retry-After");
  }

  @Test
  void unknownRoutesAndMethodsAreProblems() {
    Api.Response unknownMethod = api.patch("/messages").key("x").json(new JsonObject()).send();
    assertEquals(405, unknownMethod.status());
    assertTrue(unknownMethod.header("Content-Type").startsWith("application/problem+json"));
    assertEquals("GET, POST", unknownMethod.header("Allow"));
  }
}
