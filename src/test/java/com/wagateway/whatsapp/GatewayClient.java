package com.wagateway.whatsapp;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** The gateway's HTTP API as an integration calls it. */
final class GatewayClient {
  private static final Gson GSON = new Gson();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String clientName;
  private final String apiKey;

  GatewayClient(int port, String clientName, String apiKey) {
    this.base = "http://127.0.0.1:" + port;
    this.clientName = clientName;
    this.apiKey = apiKey;
  }

  /** POST /send-message/; returns the new message's id. */
  long send(String phone, String text) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("client_name", clientName);
    body.put("api_key", apiKey);
    body.put("phone", phone);
    body.put("name", "Test contact");
    body.put("text", text);
    HttpResponse<String> r =
        call(
            HttpRequest.newBuilder(URI.create(base + "/send-message/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GSON.toJson(body)))
                .build());
    if (r.statusCode() != 201)
      throw new AssertionError("POST /send-message/ answered " + r.statusCode() + ": " + r.body());
    return GSON.fromJson(r.body(), JsonObject.class).get("id").getAsLong();
  }

  /** GET /messages/{id} as its owner. */
  JsonObject message(long id) {
    HttpResponse<String> r =
        call(
            HttpRequest.newBuilder(URI.create(base + "/messages/" + id))
                .header("Authorization", "Bearer " + apiKey)
                .GET()
                .build());
    if (r.statusCode() != 200)
      throw new AssertionError(
          "GET /messages/" + id + " answered " + r.statusCode() + ": " + r.body());
    return GSON.fromJson(r.body(), JsonObject.class);
  }

  String status(long id) {
    return message(id).get("status").getAsString();
  }

  /** GET on an admin route; token null sends none. */
  HttpResponse<byte[]> admin(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (token != null) b.header("Authorization", "Bearer " + token);
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  JsonObject adminJson(String path, String token) {
    return GSON.fromJson(
        new String(admin(path, token).body(), java.nio.charset.StandardCharsets.UTF_8),
        JsonObject.class);
  }

  private HttpResponse<String> call(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }
}
