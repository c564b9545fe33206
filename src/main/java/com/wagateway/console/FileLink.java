package com.wagateway.console;

import com.wagateway.media.MediaService;
import com.wagateway.media.MediaView;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** A message's file served to the signed-in operator: pictures in the page, the rest saved. */
final class FileLink {
  // Only raster pictures are drawn in the page; anything else (an SVG could carry script) is
  // offered as a download, whatever its type.
  private static final Set<String> PICTURES =
      Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  private FileLink() {}

  static boolean inline(MediaView file) {
    return PICTURES.contains(file.content_type());
  }

  static void stream(HttpServerExchange exchange, MediaView file, MediaService media)
      throws IOException {
    boolean inline = inline(file);
    var headers = exchange.getResponseHeaders();
    exchange.setStatusCode(200);
    headers.put(Headers.CONTENT_TYPE, inline ? file.content_type() : "application/octet-stream");
    headers.put(Headers.CONTENT_LENGTH, file.size());
    headers.put(
        Headers.CONTENT_DISPOSITION,
        (inline ? "inline" : "attachment")
            + "; filename*=UTF-8''"
            + URLEncoder.encode(file.file_name(), StandardCharsets.UTF_8).replace("+", "%20"));
    // The bytes of a media never change (it is stored by its SHA-256): the card, redrawn every
    // second while the message is on its way, need not fetch the picture each time.
    headers.put(Headers.CACHE_CONTROL, "private, max-age=3600");
    headers.put(Headers.ETAG, '"' + file.sha256() + '"');
    if (!exchange.isBlocking()) exchange.startBlocking();
    try (OutputStream out = exchange.getOutputStream()) {
      media.copyTo(file, out);
    }
  }
}
