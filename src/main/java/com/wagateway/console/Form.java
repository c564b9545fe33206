package com.wagateway.console;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.server.handlers.form.FormParserFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The fields of a posted form ({@code application/x-www-form-urlencoded}). */
final class Form {
  /** Forms carry a few short fields and at most one message text. */
  static final long MAX_BYTES = 64 * 1024;

  private static final FormParserFactory PARSERS =
      FormParserFactory.builder().withDefaultCharset("UTF-8").build();
  private static final Form EMPTY = new Form(null);

  private final FormData data;

  private Form(FormData data) {
    this.data = data;
  }

  static Form empty() {
    return EMPTY;
  }

  /** Reads the body; a body that is not a form reads as an empty form. */
  static Form read(HttpServerExchange exchange) {
    exchange.setMaxEntitySize(MAX_BYTES);
    FormDataParser parser = PARSERS.createParser(exchange);
    if (parser == null) return EMPTY;
    try {
      return new Form(parser.parseBlocking());
    } catch (io.undertow.server.RequestTooBigException e) {
      throw com.wagateway.http.ApiException.payloadTooLarge(
          "The form is larger than " + MAX_BYTES / 1024 + " KiB; nothing was changed.");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the posted form: " + e.getMessage(), e);
    }
  }

  /** The field's value as sent, or null when absent. */
  String raw(String name) {
    if (data == null) return null;
    FormData.FormValue value = data.getFirst(name);
    return value == null || value.isFileItem() ? null : value.getValue();
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
  com.google.gson.JsonObject json(String... names) {
    com.google.gson.JsonObject object = new com.google.gson.JsonObject();
    for (String name : names) {
      String value = raw(name);
      if (value != null) object.addProperty(name, value);
    }
    return object;
  }

  /** The values to show again in a form that was refused. */
  Map<String, String> values(String... names) {
    Map<String, String> values = new java.util.HashMap<>();
    for (String name : names) {
      String value = raw(name);
      if (value != null) values.put(name, value);
    }
    return values;
  }
}
