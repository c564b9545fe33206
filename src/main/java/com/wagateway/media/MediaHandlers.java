package com.wagateway.media;

import com.wagateway.client.Client;
import com.wagateway.client.RequestAuthenticator;
import com.wagateway.http.ApiException;
import com.wagateway.http.PathParams;
import com.wagateway.http.Responses;
import com.wagateway.http.Router;
import com.wagateway.http.StreamingBody;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The media resource: {@code POST /media} (multipart/form-data with one file, or the file itself as
 * the body), {@code GET /media/{id}}, {@code GET /media/{id}/content} and {@code DELETE
 * /media/{id}}.
 */
public final class MediaHandlers {

  private final RequestAuthenticator auth;
  private final MediaService media;

  public MediaHandlers(RequestAuthenticator auth, MediaService media) {
    this.auth = auth;
    this.media = media;
  }

  /** Declares this feature's routes. */
  public void routes(Router router) {
    router
        .upload("/media", this::upload, maxBodyBytes(), this::checkCaller)
        .get("/media/{id}", this::get)
        .get("/media/{id}/content", this::content)
        .delete("/media/{id}", this::delete);
  }

  /** The largest body {@code POST /media} reads. */
  public long maxBodyBytes() {
    return media.limits().largestFormBody();
  }

  /** Runs before the body is read: an unknown key costs no upload. */
  public void checkCaller(HttpServerExchange exchange) {
    auth.authenticate(exchange);
  }

  /** {@code POST /media}: 201 with the new media, 200 with the one these bytes already are. */
  public void upload(HttpServerExchange exchange) throws IOException {
    Client client = auth.authenticate(exchange);
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    long announced = exchange.getRequestContentLength();
    if (!mediaType.startsWith("multipart/") && announced > media.limits().largest()) {
      exchange.setPersistent(false);
      throw media.limits().announcedTooLarge(announced);
    }
    MediaService.Uploaded uploaded;
    try (StreamingBody body = StreamingBody.of(exchange)) {
      MediaService.Source source;
      if (mediaType.equals("multipart/form-data")) {
        String boundary = Headers.extractQuotedValueFromHeader(type, "boundary");
        if (boundary == null || boundary.isEmpty()) {
          throw ApiException.badRequest(
              "Content-Type multipart/form-data needs a boundary parameter");
        }
        source = new MultipartSource(body, boundary, exchange.getConnection().getByteBufferPool());
      } else if (mediaType.startsWith("multipart/")) {
        throw ApiException.unsupportedMediaType(
            "Send the file as multipart/form-data, or as the body itself with its Content-Type"
                + " (got '"
                + type
                + "')");
      } else {
        String fileName = fileName(exchange);
        source =
            sink -> {
              sink.start(type, fileName);
              byte[] buffer = new byte[64 * 1024];
              int n;
              while ((n = body.read(buffer)) > 0) sink.write(buffer, 0, n);
            };
      }
      uploaded = media.upload(client, source);
    } catch (IOException e) {
      exchange.setPersistent(false);
      throw ApiException.badRequest(
          "The upload could not be read to its end ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "); nothing was stored");
    } catch (RuntimeException refused) {
      // A refusal mid-body (a limit, a type): what is left of the body is not read.
      exchange.setPersistent(false);
      throw refused;
    }
    exchange.getResponseHeaders().put(Headers.LOCATION, "/media/" + uploaded.media().id());
    Responses.json(exchange, uploaded.created() ? 201 : 200, uploaded.media());
  }

  /**
   * The raw body's file name: {@code ?filename=}, else Content-Disposition's {@code filename}
   * (null: the type's default name).
   */
  private static String fileName(HttpServerExchange exchange) {
    var query = exchange.getQueryParameters().get("filename");
    if (query != null && !query.isEmpty()) return query.getFirst();
    String disposition = exchange.getRequestHeaders().getFirst(Headers.CONTENT_DISPOSITION);
    if (disposition == null) return null;
    return Headers.extractQuotedValueFromHeaderWithEncoding(disposition, "filename");
  }

  /** {@code GET /media/{id}}: the metadata. */
  public void get(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    Responses.json(exchange, 200, media.get(client, PathParams.id(exchange, "id")));
  }

  /** {@code GET /media/{id}/content}: the bytes, streamed chunk by chunk. */
  public void content(HttpServerExchange exchange) throws IOException {
    Client client = auth.authenticate(exchange);
    MediaView view = media.get(client, PathParams.id(exchange, "id"));
    exchange.setStatusCode(200);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, view.content_type());
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, view.size());
    exchange
        .getResponseHeaders()
        .put(
            Headers.CONTENT_DISPOSITION,
            "attachment; filename*=UTF-8''"
                + URLEncoder.encode(view.file_name(), StandardCharsets.UTF_8).replace("+", "%20"));
    exchange.getResponseHeaders().put(Headers.ETAG, '"' + view.sha256() + '"');
    exchange.startBlocking();
    try (OutputStream out = exchange.getOutputStream()) {
      media.copyTo(view, out);
    }
  }

  /** {@code DELETE /media/{id}}: 204; 409 while a message names it. */
  public void delete(HttpServerExchange exchange) {
    Client client = auth.authenticate(exchange);
    media.delete(client, PathParams.id(exchange, "id"));
    exchange.setStatusCode(204);
    exchange.endExchange();
  }
}
