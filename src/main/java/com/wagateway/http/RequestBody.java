package com.wagateway.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads a JSON request body: the right content type, a bounded size, valid UTF-8 and JSON. */
public final class RequestBody {
  public static final int MAX_BYTES = 64 * 1024;

  /** The largest body any route takes (a batch of messages); the server-wide limit. */
  public static final int MAX_BATCH_BYTES = 8 * 1024 * 1024;

  private RequestBody() {}

  public static JsonObject object(HttpServerExchange exchange) {
    return object(exchange, MAX_BYTES);
  }

  /** A JSON object of at most {@code maxBytes}. */
  public static JsonObject object(HttpServerExchange exchange, int maxBytes) {
    requireJson(exchange);
    String text = utf8(read(exchange, maxBytes));
    if (text.isBlank())
      throw ApiException.badRequest("The request body is empty; send a JSON object");
    JsonElement element;
    try {
      JsonReader reader = new JsonReader(new StringReader(text));
      reader.setStrictness(Strictness.STRICT);
      element = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonParseException("unexpected data after the JSON value");
      }
    } catch (JsonParseException | IOException | IllegalStateException e) {
      throw ApiException.badRequest("The request body is not valid JSON: " + cleanMessage(e));
    }
    if (!element.isJsonObject())
      throw ApiException.badRequest("The request body must be a JSON object");
    return element.getAsJsonObject();
  }

  private static void requireJson(HttpServerExchange exchange) {
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
      throw ApiException.unsupportedMediaType(
          "Content-Type must be application/json"
              + (type == null ? " (none was sent)" : " (got '" + type + "')"));
    }
  }

  private static byte[] read(HttpServerExchange exchange, int maxBytes) {
    long declared = exchange.getRequestContentLength();
    if (declared > maxBytes) throw tooLarge(exchange, maxBytes);
    try {
      InputStream in = exchange.getInputStream();
      ByteArrayOutputStream out =
          new ByteArrayOutputStream(
              (int) Math.min(maxBytes + 1L, declared > 0 ? declared + 1 : 16 * 1024));
      byte[] buffer = new byte[16 * 1024];
      int n;
      while (out.size() <= maxBytes
          && (n = in.read(buffer, 0, (int) Math.min(buffer.length, maxBytes + 1L - out.size())))
              != -1) {
        out.write(buffer, 0, n);
      }
      if (out.size() > maxBytes) throw tooLarge(exchange, maxBytes);
      return out.toByteArray();
    } catch (IOException e) {
      // Undertow's server-wide MAX_ENTITY_SIZE stops chunked bodies with an IOException.
      throw tooLarge(exchange, maxBytes);
    }
  }

  private static ApiException tooLarge(HttpServerExchange exchange, int maxBytes) {
    // The rest of the body is never read: this connection cannot carry another request.
    exchange.setPersistent(false);
    return ApiException.payloadTooLarge(
        "The request body must be at most " + maxBytes / 1024 + " KiB");
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("The request body is not valid UTF-8");
    }
  }

  private static String cleanMessage(Exception e) {
    String message =
        e.getCause() != null && e.getCause().getMessage() != null
            ? e.getCause().getMessage()
            : e.getMessage();
    if (message == null) return "unreadable";
    int see = message.indexOf("\nSee https://");
    return see > 0 ? message.substring(0, see) : message;
  }
}
