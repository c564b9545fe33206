package com.wagateway.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Real HTTP calls to a server under test; every response of the JSON API is checked against the
 * OpenAPI document before the test sees it. The console's pages ({@code /console...}) are HTML for
 * people, not part of that contract, and are not checked against it.
 */
public final class Api {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;

  public Api(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public Call get(String path) {
    return new Call("GET", path);
  }

  public Call post(String path) {
    return new Call("POST", path);
  }

  public Call patch(String path) {
    return new Call("PATCH", path);
  }

  public Call delete(String path) {
    return new Call("DELETE", path);
  }

  /** One request being built. */
  public final class Call {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;

    private Call(String method, String path) {
      this.method = method;
      this.path = path;
    }

    /** {@code Authorization: Bearer <key>}. */
    public Call key(String key) {
      return header("Authorization", "Bearer " + key);
    }

    public Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Call json(Object body) {
      this.body = body.toString();
      headers.putIfAbsent("Content-Type", "application/json");
      return this;
    }

    /**
     * A form body ({@code application/x-www-form-urlencoded}) from alternating names and values.
     */
    public Call form(String... namesAndValues) {
      StringBuilder form = new StringBuilder();
      for (int i = 0; i < namesAndValues.length; i += 2) {
        if (form.length() > 0) form.append('&');
        form.append(java.net.URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8))
            .append('=')
            .append(java.net.URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
      }
      this.body = form.toString();
      headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
      return this;
    }

    /** {@code Cookie: name=value}. */
    public Call cookie(String name, String value) {
      headers.merge("Cookie", name + "=" + value, (a, b) -> a + "; " + b);
      return this;
    }

    public Response send() {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(30))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(request::header);
      try {
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String rawPath = URI.create(base + path).getPath();
        if (!rawPath.equals("/console") && !rawPath.startsWith("/console/"))
          OpenApiContract.get()
              .check(
                  method,
                  rawPath,
                  r.statusCode(),
                  r.headers().firstValue("Content-Type").orElse(null),
                  r.body(),
                  name -> r.headers().firstValue(name).orElse(null));
        return new Response(r.statusCode(), r.headers(), r.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** An answer, already checked against the OpenAPI document. */
  public record Response(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }

    public JsonArray data() {
      return json().getAsJsonArray("data");
    }

    public long id() {
      return json().get("id").getAsLong();
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The value of a cookie the answer sets, or null. */
    public String setCookie(String name) {
      return setCookieLine(name) == null
          ? null
          : setCookieLine(name).substring(name.length() + 1).split(";", 2)[0];
    }

    /** The whole {@code Set-Cookie} line of a cookie, attributes included, or null. */
    public String setCookieLine(String name) {
      return headers.allValues("Set-Cookie").stream()
          .filter(line -> line.startsWith(name + "="))
          .findFirst()
          .orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** A JSON object from alternating names and values. */
  public static JsonObject obj(Object... namesAndValues) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      o.add(
          (String) namesAndValues[i],
          com.wagateway.http.Json.GSON.toJsonTree(namesAndValues[i + 1]));
    }
    return o;
  }
}
