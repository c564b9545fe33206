package com.wagateway.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A JSON request body: the right content type, a bounded size, valid UTF-8 and strict JSON. The
 * bytes were read before the handler ran (see {@link Router}).
 */
public final class RequestBody {
  public static final int MAX_BYTES = 64 * 1024;

  /** The largest body any route takes (a batch of messages); the server-wide limit. */
  public static final int MAX_BATCH_BYTES = 8 * 1024 * 1024;

  private RequestBody() {}

  /** The body as read before the handler ran (empty when there was none). */
  public static byte[] bytes(HttpServerExchange exchange) {
    byte[] bytes = exchange.getAttachment(BodyReader.BODY);
    return bytes == null ? new byte[0] : bytes;
  }

  public static JsonObject object(HttpServerExchange exchange) {
    return object(exchange, MAX_BYTES);
  }

  /** A JSON object of at most {@code maxBytes}. */
  public static JsonObject object(HttpServerExchange exchange, int maxBytes) {
    requireJson(exchange);
    byte[] bytes = exchange.getAttachment(BodyReader.BODY);
    if (bytes == null) bytes = new byte[0];
    if (bytes.length > maxBytes) throw BodyReader.tooLarge(exchange, maxBytes);
    String text = utf8(bytes);
    if (text.isBlank())
      throw ApiException.badRequest("The request body is empty; send a JSON object");
    JsonElement element = StrictJson.parse(text);
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
}
