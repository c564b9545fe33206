package com.wagateway.support;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The OpenAPI document as a test oracle: every response a test receives is checked against it
 * (documented path, method and status; content type; body against the JSON Schema 2020-12 schema,
 * with networknt's validator; required headers), so the document and the server cannot drift apart
 * unnoticed.
 */
public final class OpenApiContract {
  private static final String BASE = "https://wagateway.test/openapi.json";
  private static final OpenApiContract INSTANCE = new OpenApiContract();

  private final String text;
  private final JsonObject doc;
  private final SchemaRegistry registry;
  private final List<Route> routes = new ArrayList<>();
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  /** "METHOD /template status" of every response checked in this JVM. */
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  private record Route(String template, Pattern pattern, int params) {}

  private OpenApiContract() {
    try (InputStream in =
        OpenApiContract.class.getClassLoader().getResourceAsStream("openapi.json")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    doc = JsonParser.parseString(text).getAsJsonObject();
    registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(BASE, text)));
    for (String template : doc.getAsJsonObject("paths").keySet()) {
      String regex = "\\Q" + template.replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
      routes.add(new Route(template, Pattern.compile(regex), template.split("\\{").length - 1));
    }
    // A literal segment beats a parameter: /messages/batch is not /messages/{id}.
    routes.sort(Comparator.comparingInt(Route::params));
  }

  public static OpenApiContract get() {
    return INSTANCE;
  }

  public String text() {
    return text;
  }

  public JsonObject document() {
    return doc;
  }

  public Set<String> seen() {
    return Set.copyOf(seen);
  }

  /** Throws AssertionError naming every way the response differs from the document. */
  public void check(
      String method,
      String path,
      int status,
      String contentType,
      String body,
      Function<String, String> header) {
    String m = method.toLowerCase(Locale.ROOT);
    Route route =
        routes.stream()
            .filter(r -> r.pattern.matcher(path).matches())
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("Path " + path + " is not in the OpenAPI document"));
    JsonObject pathItem = doc.getAsJsonObject("paths").getAsJsonObject(route.template);
    JsonObject operation = pathItem.getAsJsonObject(m);
    String where = method + " " + route.template + " -> " + status;
    if (operation == null) {
      if (status == 405) return;
      throw new AssertionError(method + " " + route.template + " is not in the OpenAPI document");
    }
    JsonObject responses = operation.getAsJsonObject("responses");
    JsonElement declared = responses.get(Integer.toString(status));
    if (declared == null) declared = responses.get("default");
    if (declared == null) throw new AssertionError(where + ": status not documented");
    seen.add(method + " " + route.template + " " + status);
    JsonObject response = resolve(declared.getAsJsonObject());
    List<String> problems = new ArrayList<>();
    if (response.has("headers")) {
      for (Map.Entry<String, JsonElement> h : response.getAsJsonObject("headers").entrySet()) {
        JsonObject spec = h.getValue().getAsJsonObject();
        String value = header.apply(h.getKey());
        if (value == null) {
          if (spec.has("required") && spec.get("required").getAsBoolean())
            problems.add("header " + h.getKey() + " missing");
          continue;
        }
        String type = spec.getAsJsonObject("schema").get("type").getAsString();
        String json = type.equals("integer") ? value : Json.quote(value);
        problems.addAll(validate(spec.getAsJsonObject("schema"), json, "header " + h.getKey()));
      }
    }
    if (!response.has("content")) {
      if (body != null && !body.isEmpty())
        problems.add("body must be empty, got: " + abbreviate(body));
    } else {
      String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim();
      JsonObject content = response.getAsJsonObject("content");
      // "*/*": a download answers with the stored file's own type.
      if (!content.has(mediaType) && !(content.has("*/*") && !mediaType.isEmpty())) {
        problems.add("content type '" + contentType + "' is not one of " + content.keySet());
      } else if (mediaType.contains("json")) {
        problems.addAll(
            validate(content.getAsJsonObject(mediaType).getAsJsonObject("schema"), body, "body"));
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(
          where
              + " does not match the OpenAPI document: "
              + problems
              + "\nbody: "
              + abbreviate(body));
    }
  }

  /**
   * Every example in the document (media types and component schemas) checked against its schema.
   */
  public List<String> exampleProblems() {
    List<String> problems = new ArrayList<>();
    JsonObject paths = doc.getAsJsonObject("paths");
    for (String path : paths.keySet()) {
      for (Map.Entry<String, JsonElement> op : paths.getAsJsonObject(path).entrySet()) {
        if (!op.getValue().isJsonObject() || !op.getValue().getAsJsonObject().has("responses"))
          continue;
        JsonObject operation = op.getValue().getAsJsonObject();
        String where = op.getKey().toUpperCase(Locale.ROOT) + " " + path;
        if (operation.has("requestBody")) {
          problems.addAll(
              mediaExamples(operation.getAsJsonObject("requestBody"), where + " request"));
        }
        for (Map.Entry<String, JsonElement> r : operation.getAsJsonObject("responses").entrySet()) {
          problems.addAll(
              mediaExamples(resolve(r.getValue().getAsJsonObject()), where + " " + r.getKey()));
        }
      }
    }
    JsonObject components = doc.getAsJsonObject("components").getAsJsonObject("schemas");
    for (String name : components.keySet()) {
      JsonObject schema = components.getAsJsonObject(name);
      if (!schema.has("examples")) continue;
      for (JsonElement example : schema.getAsJsonArray("examples")) {
        JsonObject ref = new JsonObject();
        ref.addProperty("$ref", "#/components/schemas/" + name);
        problems.addAll(validate(ref, example.toString(), "example of " + name));
      }
    }
    return problems;
  }

  private List<String> mediaExamples(JsonObject holder, String where) {
    List<String> problems = new ArrayList<>();
    if (!holder.has("content")) return problems;
    for (Map.Entry<String, JsonElement> media : holder.getAsJsonObject("content").entrySet()) {
      JsonObject m = media.getValue().getAsJsonObject();
      if (m.has("example") && m.has("schema")) {
        problems.addAll(
            validate(m.getAsJsonObject("schema"), m.get("example").toString(), where + " example"));
      }
    }
    return problems;
  }

  private List<String> validate(JsonObject schemaNode, String json, String what) {
    Schema schema;
    if (schemaNode.has("$ref")) {
      String ref = schemaNode.get("$ref").getAsString();
      schema = schemas.computeIfAbsent(ref, r -> registry.getSchema(SchemaLocation.of(BASE + r)));
    } else {
      schema =
          schemas.computeIfAbsent(
              schemaNode.toString(), s -> registry.getSchema(s, InputFormat.JSON));
    }
    List<Error> errors;
    try {
      errors = schema.validate(json, InputFormat.JSON);
    } catch (RuntimeException e) {
      return List.of(what + " is not JSON: " + e.getMessage());
    }
    return errors.stream().map(e -> what + ": " + e.toString()).toList();
  }

  private JsonObject resolve(JsonObject node) {
    if (!node.has("$ref")) return node;
    String[] parts = node.get("$ref").getAsString().substring(2).split("/");
    JsonObject target = doc;
    for (String p : parts) target = target.getAsJsonObject(p.replace("~1", "/").replace("~0", "~"));
    return target;
  }

  private static String abbreviate(String body) {
    return body == null ? "" : body.length() > 600 ? body.substring(0, 600) + "..." : body;
  }

  private static final class Json {
    static String quote(String s) {
      return new JsonPrimitive(s).toString();
    }
  }
}
