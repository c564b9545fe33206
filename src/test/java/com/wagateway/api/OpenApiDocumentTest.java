package com.wagateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.support.Api;
import com.wagateway.support.OpenApiContract;
import com.wagateway.support.TestServer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
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
  void swaggerUiIsServedFromItsWebJarOutsideTheDocument() {
    // /docs is a page for people, not an operation: generated clients would only trip on it.
    assertFalse(OpenApiContract.get().document().getAsJsonObject("paths").has("/docs"));
    Api.Response index = api.get("/docs").unchecked().send();
    assertEquals(200, index.status());
    assertTrue(index.body().contains("swagger-ui-bundle.js"));
    Api.Response bundle = api.get("/docs/swagger-ui-bundle.js").unchecked().send();
    assertEquals(200, bundle.status());
    assertTrue(bundle.body().length() > 100_000);
    Api.Response init = api.get("/docs/initializer.js").unchecked().send();
    assertTrue(init.body().contains("/openapi.json"));
  }

  @Test
  void generatedClientsSeeOneStatusTypeNamedObjectsAndBinaryImages() {
    JsonObject doc = OpenApiContract.get().document();
    JsonObject schemas = doc.getAsJsonObject("components").getAsJsonObject("schemas");
    String status = "{\"$ref\":\"#/components/schemas/MessageStatus\"}";
    assertEquals(status, property(schemas, "Message", "status").toString());
    assertEquals(status, property(schemas, "AdminMessage", "status").toString());
    assertEquals(
        status,
        doc.getAsJsonObject("components")
            .getAsJsonObject("parameters")
            .getAsJsonObject("Status")
            .get("schema")
            .toString());
    assertTrue(
        schemas
            .getAsJsonObject("SessionState")
            .getAsJsonArray("enum")
            .toString()
            .contains("ready"));
    JsonObject qr =
        doc.getAsJsonObject("paths")
            .getAsJsonObject("/admin/whatsapp/qr")
            .getAsJsonObject("get")
            .getAsJsonObject("responses")
            .getAsJsonObject("200")
            .getAsJsonObject("content")
            .getAsJsonObject("image/png")
            .getAsJsonObject("schema");
    assertEquals("binary", qr.get("format").getAsString());
    assertTrue(
        doc.getAsJsonObject("paths")
            .getAsJsonObject("/send-message")
            .getAsJsonObject("post")
            .get("deprecated")
            .getAsBoolean());
    String text = OpenApiContract.get().text();
    assertFalse(text.contains("\"pattern\": \"\\\\S\""), "an unanchored \\S pattern is left");
    for (String name : schemas.keySet()) {
      JsonObject schema = schemas.getAsJsonObject(name);
      for (String composition : List.of("oneOf", "anyOf", "allOf")) {
        assertFalse(
            schema.has("properties") && schema.has(composition),
            name + ": generators drop properties beside " + composition);
      }
      if (!schema.has("properties")) continue;
      for (String field : schema.getAsJsonObject("properties").keySet()) {
        JsonObject p = schema.getAsJsonObject("properties").getAsJsonObject(field);
        assertFalse(
            p.has("properties"), name + "." + field + ": an inline object; name it in schemas");
      }
    }
  }

  private static JsonObject property(JsonObject schemas, String schema, String name) {
    return schemas.getAsJsonObject(schema).getAsJsonObject("properties").getAsJsonObject(name);
  }

  @Test
  void theCheckerCatchesResponsesThatDriftFromTheDocument() {
    OpenApiContract contract = OpenApiContract.get();
    String message =
        "{\"id\":1,\"status\":\"pending\",\"phone\":\"+14155550100\",\"contact_id\":2,"
            + "\"text\":\"x\",\"error_reason\":null,\"attempts\":0,"
            + "\"created_at\":\"2026-01-01T00:00:00Z\",\"send_at\":\"2026-01-01T00:00:00Z\","
            + "\"sent_at\":null,\"media_id\":null,\"as_document\":false,\"wa_message_id\":null,"
            + "\"delivered_at\":null,\"read_at\":null}";
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
                "{\"type\":\"about:blank\",\"title\":\"t\",\"status\":429,\"detail\":\"d\","
                    + "\"instance\":\"/messages\"}",
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
