package com.wagateway.console;

import com.google.gson.JsonObject;
import com.wagateway.http.ApiException;
import com.wagateway.http.RequestBody;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fields of a posted form ({@code application/x-www-form-urlencoded}). */
final class Form {
  private static final Form EMPTY = new Form(Map.of());

  private final Map<String, List<String>> fields;

  private Form(Map<String, List<String>> fields) {
    this.fields = fields;
  }

  static Form empty() {
    return EMPTY;
  }

  /**
   * The posted fields, from the body the router has already read (at most {@link
   * RequestBody#MAX_BYTES}); a body that is not a form reads as an empty form.
   */
  static Form read(HttpServerExchange exchange) {
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return EMPTY;
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    String body = new String(RequestBody.bytes(exchange), StandardCharsets.UTF_8);
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return new Form(fields);
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("The form is not correctly URL-encoded; nothing was changed.");
    }
  }

  /** The field's value as sent, or null when absent. */
  String raw(String name) {
    List<String> values = fields.get(name);
    return values == null ? null : values.get(0);
  }

  /** Every value sent under the name (checkboxes), empty when none. */
  List<String> all(String name) {
    return fields.getOrDefault(name, List.of());
  }

  /** The value without surrounding spaces; null when absent or blank. */
  String get(String name) {
    String value = raw(name);
    if (value == null) return null;
    value = value.strip();
    return value.isEmpty() ? null : value;
  }

  /**
   * The named fields as a JSON object (absent ones left out, blank ones kept), so the API's readers
   * ({@code JsonFields}, {@code MessageRequestReader}) judge a form as they judge a body.
   */
  JsonObject json(String... names) {
    JsonObject object = new JsonObject();
    for (String name : names) {
      String value = raw(name);
      if (value != null) object.addProperty(name, value);
    }
    return object;
  }

  /** The values to show again in a form that was refused. */
  Map<String, String> values(String... names) {
    Map<String, String> values = new HashMap<>();
    for (String name : names) {
      String value = raw(name);
      if (value != null) values.put(name, value);
    }
    return values;
  }
}
