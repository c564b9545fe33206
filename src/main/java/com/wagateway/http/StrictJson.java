package com.wagateway.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a request body into Gson's tree, strictly: RFC 8259 JSON only, one value, and no object
 * with the same key twice. Gson keeps the last of two equal keys, so {@code {"api_key": "wrong",
 * "api_key": "<valid>"}} would pass a check that looked at the first one; here it is refused.
 */
final class StrictJson {
  // The longest number any field takes is 19 digits; this bounds the work of reading one.
  private static final int MAX_NUMBER_LENGTH = 100;
  private static final Pattern POSITION = Pattern.compile("at line (\\d+) column (\\d+)");

  private StrictJson() {}

  /** The value, or an {@link ApiException} 400 that says what is wrong without parser internals. */
  static JsonElement parse(String text) {
    JsonReader reader = new JsonReader(new StringReader(text));
    reader.setStrictness(Strictness.STRICT);
    try {
      JsonElement value = read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw invalid("unexpected data after the JSON value", reader);
      }
      return value;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw ApiException.badRequest("The request body is not valid JSON: " + describe(e));
    } catch (StackOverflowError e) {
      throw ApiException.badRequest("The request body is not valid JSON: nested too deeply");
    }
  }

  private static JsonElement read(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT -> {
        JsonObject object = new JsonObject();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          if (object.has(name)) {
            throw ApiException.badRequest(
                "The request body has the key '" + name + "' twice in one object; send it once");
          }
          object.add(name, read(reader));
        }
        reader.endObject();
        return object;
      }
      case BEGIN_ARRAY -> {
        JsonArray array = new JsonArray();
        reader.beginArray();
        while (reader.hasNext()) array.add(read(reader));
        reader.endArray();
        return array;
      }
      case STRING -> {
        return new JsonPrimitive(reader.nextString());
      }
      case NUMBER -> {
        String number = reader.nextString();
        if (number.length() > MAX_NUMBER_LENGTH) throw invalid("a number is too long", reader);
        // BigDecimal keeps 1e10001 as 1 and an exponent: cheap to hold, and a field that wants an
        // integer refuses it by its own rule instead of failing in a conversion.
        return new JsonPrimitive(new BigDecimal(number));
      }
      case BOOLEAN -> {
        return new JsonPrimitive(reader.nextBoolean());
      }
      case NULL -> {
        reader.nextNull();
        return JsonNull.INSTANCE;
      }
      default -> throw invalid("unexpected " + reader.peek(), reader);
    }
  }

  private static IOException invalid(String what, JsonReader reader) {
    return new IOException(what + " " + reader.getPath());
  }

  /**
   * Gson's messages name its own API ("Use JsonReader.setStrictness(...)") and link to its
   * troubleshooting page; the caller gets the reason and where it is.
   */
  private static String describe(Exception e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher at = POSITION.matcher(message);
    String where = at.find() ? " (line " + at.group(1) + ", column " + at.group(2) + ")" : "";
    String reason = message.split("\\n", 2)[0].replaceAll(" at line \\d+ column \\d+.*", "");
    reason = reason.replaceAll(" \\$[^ ]*$", "");
    if (e instanceof NumberFormatException) {
      reason = "a number is out of range";
    } else if (reason.isBlank()
        || reason.contains("JsonReader")
        || reason.contains("Strictness")
        || reason.toLowerCase(Locale.ROOT).contains("lenient")) {
      reason = "malformed JSON";
    }
    return reason + where;
  }
}
