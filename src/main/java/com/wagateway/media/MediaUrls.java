package com.wagateway.media;

import com.wagateway.client.Client;
import com.wagateway.domain.DomainException;
import com.wagateway.domain.FieldError;
import com.wagateway.domain.UnprocessableException;
import com.wagateway.maintenance.DaemonThreads;
import com.wagateway.net.OutboundGuard;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A message's {@code media_url}: fetched by the gateway once, when the message is accepted, and
 * stored as the client's media (the same bytes as an earlier upload are that media). The URL is a
 * client's, so the fetch is checked by the callback URL's guard ({@link OutboundGuard}: this host's
 * addresses, non-global ranges and odd numeric spellings refused unless
 * WA_WEBHOOK_CALLBACK_PRIVATE=true), redirects are not followed, the body is streamed under the
 * kind's size limit, and the whole fetch has a deadline. Unlike a callback, the fetch itself goes
 * through the JDK's client, which resolves the host again: a name that changes its address between
 * the check and the fetch (DNS rebinding) is not caught here.
 */
public final class MediaUrls implements AutoCloseable {
  private final MediaService media;
  private final Duration timeout;
  private final OutboundGuard guard;
  private final HttpClient http;
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("wa-media-url-deadline"));

  public MediaUrls(MediaService media, Duration timeout, boolean allowPrivate) {
    this.media = media;
    this.timeout = timeout;
    this.guard = OutboundGuard.system(allowPrivate);
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .build();
  }

  /** The client's media holding what {@code url} answers; refusals name the field media_url. */
  public MediaView fetch(Client client, String url) {
    URI uri = URI.create(url);
    try {
      guard.check(uri);
    } catch (OutboundGuard.RefusedException e) {
      throw refused(e.getMessage());
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw refused(
          "got no answer from " + uri.getHost() + " within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      throw refused("could not be fetched: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw refused("the fetch was interrupted");
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw refused(
            "answered HTTP "
                + response.statusCode()
                + (response.statusCode() / 100 == 3 ? " (redirects are not followed)" : "")
                + "; it must answer 200 with the file");
      }
      // The body's read has the same deadline as the rest: closing the stream stops a stalled read.
      ScheduledFuture<?> deadline =
          deadlines.schedule(() -> closeQuietly(body), timeout.toMillis(), TimeUnit.MILLISECONDS);
      String type = response.headers().firstValue("Content-Type").orElse(null);
      String name =
          fileName(uri, response.headers().firstValue("Content-Disposition").orElse(null));
      try {
        return media
            .upload(
                client,
                sink -> {
                  sink.start(type, name);
                  byte[] buffer = new byte[64 * 1024];
                  int n;
                  while ((n = body.read(buffer)) > 0) sink.write(buffer, 0, n);
                })
            .media();
      } catch (IOException e) {
        throw refused(
            deadline.isDone()
                ? "did not deliver the whole file within " + timeout.toSeconds() + " s"
                : "broke off while sending the file: " + e.getMessage());
      } catch (DomainException e) {
        // Over a size limit, a type its bytes contradict, an empty file: the field is media_url.
        throw refused(e.getMessage());
      } finally {
        deadline.cancel(false);
      }
    } catch (IOException e) {
      throw refused("could not be read: " + e.getMessage());
    }
  }

  private static String fileName(URI uri, String disposition) {
    if (disposition != null) {
      String named = Headers.extractQuotedValueFromHeaderWithEncoding(disposition, "filename");
      if (named != null) return named;
    }
    String path = uri.getPath();
    if (path == null || path.endsWith("/")) return null;
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static UnprocessableException refused(String why) {
    FieldError error = new FieldError("media_url", why);
    return new UnprocessableException("media_url: " + why, List.of(error));
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // the reader sees the stream closed either way
    }
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
  }
}
