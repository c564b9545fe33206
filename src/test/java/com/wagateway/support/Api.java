package com.wagateway.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.wagateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one HTTP client of the tests: real calls over a socket to a server under test, and every
 * answer checked against the OpenAPI document before the test sees it. A request body can be JSON,
 * or (for requests malformed on purpose) any text, bytes or stream with whatever headers the test
 * sets; {@link Call#unchecked()} skips the document check for the few routes it leaves out. The
 * console's pages ({@code /console...}) are HTML for people, not part of that contract, and are not
 * checked against it.
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
    private BodyPublisher body = BodyPublishers.noBody();
    private boolean checked = true;

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

    /** A JSON body ({@code Content-Type: application/json} unless set): an object, or any text. */
    public Call json(Object body) {
      headers.putIfAbsent("Content-Type", "application/json");
      return body(BodyPublishers.ofString(body.toString()));
    }

    /** A body sent as it is, with only the headers the test sets. */
    public Call body(byte[] bytes) {
      return body(BodyPublishers.ofByteArray(bytes));
    }

    /** A body sent as it is; a stream of unknown length goes out chunked. */
    public Call body(BodyPublisher publisher) {
      this.body = publisher;
      return this;
    }

    /** Skips the check against the OpenAPI document: for routes it leaves out, such as /docs. */
    public Call unchecked() {
      this.checked = false;
      return this;
    }

    /**
     * A form body ({@code application/x-www-form-urlencoded}) from alternating names and values.
     */
    public Call form(String... namesAndValues) {
      StringBuilder form = new StringBuilder();
      for (int i = 0; i < namesAndValues.length; i += 2) {
        if (form.length() > 0) form.append('&');
        form.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
      }
      headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
      return body(BodyPublishers.ofString(form.toString()));
    }

    /** {@code Cookie: name=value}. */
    public Call cookie(String name, String value) {
      headers.merge("Cookie", name + "=" + value, (a, b) -> a + "; " + b);
      return this;
    }

    public Response send() {
      URI uri = URI.create(base + path);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).method(method, body);
      headers.forEach(request::header);
      try {
        HttpResponse<byte[]> r = HTTP.send(request.build(), BodyHandlers.ofByteArray());
        Response response = new Response(r.statusCode(), r.headers(), r.body());
        boolean console = uri.getPath().equals("/console") || uri.getPath().startsWith("/console/");
        if (checked && !console) {
          OpenApiContract.get()
              .check(
                  method,
                  uri.getPath(),
                  response.status(),
                  response.header("Content-Type"),
                  response.body(),
                  response::header);
        }
        return response;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** An answer, already checked against the OpenAPI document unless the call said otherwise. */
  public record Response(int status, HttpHeaders headers, byte[] bytes) {
    public String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    public JsonObject json() {
      return JsonParser.parseString(body()).getAsJsonObject();
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
      return status + " " + body();
    }
  }

  /** A JSON object from alternating names and values. */
  public static JsonObject obj(Object... namesAndValues) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      o.add((String) namesAndValues[i], Json.GSON.toJsonTree(namesAndValues[i + 1]));
    }
    return o;
  }
}
