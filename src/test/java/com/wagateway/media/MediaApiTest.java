package com.wagateway.media;

import static com.wagateway.db.schema.Tables.MEDIA;
import static com.wagateway.db.schema.Tables.MEDIA_CHUNK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.support.Api;
import com.wagateway.support.MediaFiles;
import com.wagateway.support.TestServer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /media} and its reads, over HTTP against a real database. */
class MediaApiTest {
  private static final int IMAGE_LIMIT = 300_000;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            MediaApiTest.class, Map.of("WA_MEDIA_MAX_IMAGE_BYTES", Integer.toString(IMAGE_LIMIT)));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Api.Response multipart(String key, String name, String type, byte[] file) {
    return api.post("/media")
        .key(key)
        .header("Content-Type", MediaFiles.multipartType())
        .body(MediaFiles.multipart(name, type, file))
        .send();
  }

  @Test
  void multipartUploadDownloadsWithTheSameSha256() {
    String key = server.newClientKey("media");
    // Several chunks of 512 KiB and a partial last one.
    byte[] pdf = MediaFiles.pdf(1_700_003, 1);
    Api.Response r = multipart(key, "invoice 1042.pdf", "application/pdf", pdf);
    assertEquals(201, r.status(), r.body());
    JsonObject media = r.json();
    assertEquals(MediaFiles.sha256(pdf), media.get("sha256").getAsString());
    assertEquals(pdf.length, media.get("size").getAsLong());
    assertEquals("document", media.get("kind").getAsString());
    assertEquals("invoice 1042.pdf", media.get("file_name").getAsString());
    assertEquals("/media/" + r.id(), r.header("Location"));

    Api.Response content = api.get("/media/" + r.id() + "/content").key(key).send();
    assertEquals(200, content.status());
    assertEquals("application/pdf", content.header("Content-Type"));
    assertEquals(MediaFiles.sha256(pdf), MediaFiles.sha256(content.bytes()));
  }

  @Test
  void chunkedUploadLargerThanAnyJsonBodyIsTaken() {
    String key = server.newClientKey("media");
    // Over the server-wide 16 MiB backstop for JSON bodies, sent without a Content-Length.
    byte[] pdf = MediaFiles.pdf(20 * 1024 * 1024, 16);
    Api.Response r =
        api.post("/media?filename=big.pdf")
            .key(key)
            .header("Content-Type", "application/pdf")
            .body(
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(pdf)))
            .send();
    assertEquals(201, r.status(), r.body());
    assertEquals(MediaFiles.sha256(pdf), r.json().get("sha256").getAsString());
  }

  @Test
  void rawBodyUploadTakesItsNameFromTheQueryAndItsTypeFromTheBytes() {
    String key = server.newClientKey("media");
    byte[] png = MediaFiles.png(40_000, 2);
    Api.Response r =
        api.post("/media?filename=photo.png")
            .key(key)
            .header("Content-Type", "application/octet-stream")
            .body(png)
            .send();
    assertEquals(201, r.status(), r.body());
    assertEquals("image/png", r.json().get("content_type").getAsString());
    assertEquals("image", r.json().get("kind").getAsString());
    assertEquals("photo.png", r.json().get("file_name").getAsString());
    Api.Response meta = api.get("/media/" + r.id()).key(key).send();
    assertEquals(MediaFiles.sha256(png), meta.json().get("sha256").getAsString());
  }

  @Test
  void sameBytesUploadedTwiceAreStoredOnce() {
    String key = server.newClientKey("media");
    byte[] jpeg = MediaFiles.jpeg(700_000 / 3, 3);
    Api.Response first = multipart(key, "a.jpg", "image/jpeg", jpeg);
    Api.Response second =
        api.post("/media?filename=b.jpg")
            .key(key)
            .header("Content-Type", "image/jpeg")
            .body(jpeg)
            .send();
    assertEquals(201, first.status(), first.body());
    assertEquals(200, second.status(), second.body());
    assertEquals(first.id(), second.id());
    String sha = MediaFiles.sha256(jpeg);
    assertEquals(1, server.db().dsl().fetchCount(MEDIA, MEDIA.SHA256.eq(sha)));
    assertEquals(1, server.db().dsl().fetchCount(MEDIA_CHUNK, MEDIA_CHUNK.MEDIA_ID.eq(first.id())));
  }

  @Test
  void sameBytesUploadedAtOnceAreStoredOnce() throws Exception {
    String key = server.newClientKey("media");
    byte[] pdf = MediaFiles.pdf(1_200_000, 15);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var answers = new java.util.ArrayList<java.util.concurrent.Future<Api.Response>>();
      for (int i = 0; i < 4; i++) {
        answers.add(pool.submit(() -> multipart(key, "same.pdf", "application/pdf", pdf)));
      }
      java.util.Set<Long> ids = new java.util.HashSet<>();
      int created = 0;
      for (var answer : answers) {
        Api.Response r = answer.get();
        assertTrue(r.status() == 201 || r.status() == 200, r.body());
        if (r.status() == 201) created++;
        ids.add(r.id());
      }
      assertEquals(1, ids.size());
      assertEquals(1, created);
      assertEquals(1, server.db().dsl().fetchCount(MEDIA, MEDIA.SHA256.eq(MediaFiles.sha256(pdf))));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anotherClientsMediaDoesNotExist() {
    String owner = server.newClientKey("media");
    String other = server.newClientKey("media");
    long id = multipart(owner, "x.pdf", "application/pdf", MediaFiles.pdf(5_000, 4)).id();
    assertEquals(404, api.get("/media/" + id).key(other).send().status());
    assertEquals(404, api.get("/media/" + id + "/content").key(other).send().status());
    assertEquals(404, api.delete("/media/" + id).key(other).send().status());
    assertEquals(200, api.get("/media/" + id).key(owner).send().status());
  }

  @Test
  void theSameBytesFromAnotherClientAreItsOwnMedia() {
    byte[] pdf = MediaFiles.pdf(5_000, 5);
    long a = multipart(server.newClientKey("media"), "x.pdf", null, pdf).id();
    long b = multipart(server.newClientKey("media"), "x.pdf", null, pdf).id();
    assertTrue(a != b);
  }

  @Test
  void imageOverItsLimitIsRefused413NamingTheLimit() {
    String key = server.newClientKey("media");
    byte[] png = MediaFiles.png(IMAGE_LIMIT + 1, 6);
    long before = server.db().dsl().fetchCount(MEDIA);
    Api.Response r = multipart(key, "big.png", "image/png", png);
    assertEquals(413, r.status(), r.body());
    String detail = r.json().get("detail").getAsString();
    assertTrue(detail.contains("WA_MEDIA_MAX_IMAGE_BYTES"), detail);
    assertTrue(detail.contains(Integer.toString(IMAGE_LIMIT)), detail);
    assertEquals(before, server.db().dsl().fetchCount(MEDIA));
  }

  @Test
  void aDocumentMayBeLargerThanTheImageLimit() {
    String key = server.newClientKey("media");
    Api.Response r =
        multipart(key, "big.pdf", "application/pdf", MediaFiles.pdf(IMAGE_LIMIT * 2, 7));
    assertEquals(201, r.status(), r.body());
  }

  @Test
  void bodyAnnouncedLargerThanAnyLimitIsRefusedUnread() throws Exception {
    String key = server.newClientKey("media");
    // 100 MiB + 1 announced, over the document limit: answered from the headers alone, while the
    // client has sent none of the body.
    try (Socket socket = new Socket("127.0.0.1", server.app().httpPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("POST /media HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + key
                      + "\r\nContent-Type: application/pdf\r\nContent-Length: "
                      + (100L * 1024 * 1024 + 1)
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.contains("WA_MEDIA_MAX_"), answer);
    }
  }

  @Test
  void bytesThatContradictTheDeclaredTypeAreRefused415() {
    String key = server.newClientKey("media");
    Api.Response r = multipart(key, "photo.jpg", "image/jpeg", MediaFiles.pdf(8_000, 8));
    assertEquals(415, r.status(), r.body());
    String detail = r.json().get("detail").getAsString();
    assertTrue(detail.contains("image/jpeg") && detail.contains("application/pdf"), detail);
  }

  @Test
  void unrecognisedBytesDeclaredAsAnImageAreRefused415() {
    String key = server.newClientKey("media");
    Api.Response r =
        api.post("/media?filename=x.png")
            .key(key)
            .header("Content-Type", "image/png")
            .body(MediaFiles.text(2_000, 9))
            .send();
    assertEquals(415, r.status(), r.body());
  }

  @Test
  void unrecognisedBytesAreADocumentOfTheDeclaredType() {
    String key = server.newClientKey("media");
    Api.Response r =
        api.post("/media?filename=report.csv")
            .key(key)
            .header("Content-Type", "text/csv")
            .body(MediaFiles.text(2_000, 10))
            .send();
    assertEquals(201, r.status(), r.body());
    assertEquals("text/csv", r.json().get("content_type").getAsString());
    assertEquals("document", r.json().get("kind").getAsString());
  }

  @Test
  void multipartCutBeforeItsClosingBoundaryIsRefused400AndStoresNothing() {
    String key = server.newClientKey("media");
    byte[] whole = MediaFiles.multipart("x.pdf", "application/pdf", MediaFiles.pdf(20_000, 11));
    byte[] cut = Arrays.copyOf(whole, whole.length - 40);
    long before = server.db().dsl().fetchCount(MEDIA);
    Api.Response r =
        api.post("/media")
            .key(key)
            .header("Content-Type", MediaFiles.multipartType())
            .body(cut)
            .send();
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("file"), r.body());
    assertEquals(before, server.db().dsl().fetchCount(MEDIA));
  }

  @Test
  void multipartWithoutAFilePartIsRefused400() {
    String key = server.newClientKey("media");
    String body =
        "--"
            + MediaFiles.BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--"
            + MediaFiles.BOUNDARY
            + "--\r\n";
    Api.Response r =
        api.post("/media")
            .key(key)
            .header("Content-Type", MediaFiles.multipartType())
            .body(body.getBytes(StandardCharsets.UTF_8))
            .send();
    assertEquals(400, r.status(), r.body());
  }

  @Test
  void emptyFileIsRefused400() {
    String key = server.newClientKey("media");
    Api.Response r =
        api.post("/media?filename=x")
            .key(key)
            .header("Content-Type", "text/plain")
            .body(new byte[0])
            .send();
    assertEquals(400, r.status(), r.body());
  }

  @Test
  void uploadWithoutAKeyIsRefused401() {
    Api.Response r =
        api.post("/media?filename=x.pdf")
            .header("Content-Type", "application/pdf")
            .body(MediaFiles.pdf(1_000, 12))
            .send();
    assertEquals(401, r.status(), r.body());
  }

  @Test
  void deletedMediaIsGone() {
    String key = server.newClientKey("media");
    long id = multipart(key, "x.pdf", "application/pdf", MediaFiles.pdf(3_000, 13)).id();
    assertEquals(204, api.delete("/media/" + id).key(key).send().status());
    assertEquals(404, api.get("/media/" + id).key(key).send().status());
    assertEquals(0, server.db().dsl().fetchCount(MEDIA_CHUNK, MEDIA_CHUNK.MEDIA_ID.eq(id)));
  }

  @Test
  void storageUsedShowsInTheMetrics() {
    String key = server.newClientKey("media");
    multipart(key, "m.pdf", "application/pdf", MediaFiles.pdf(12_345, 14));
    long files = server.db().dsl().fetchCount(MEDIA, MEDIA.SHA256.isNotNull());
    long bytes =
        server
            .db()
            .dsl()
            .select(MEDIA.SIZE_BYTES)
            .from(MEDIA)
            .where(MEDIA.SHA256.isNotNull())
            .fetch(MEDIA.SIZE_BYTES)
            .stream()
            .mapToLong(Long::longValue)
            .sum();
    String metrics = api.get("/metrics").send().body();
    assertEquals((double) bytes, sample(metrics, "wa_media_stored_bytes"), metrics);
    assertEquals((double) files, sample(metrics, "wa_media_files"), metrics);
  }

  private static double sample(String exposition, String series) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "^" + java.util.regex.Pattern.quote(series) + " (\\S+)$",
                java.util.regex.Pattern.MULTILINE)
            .matcher(exposition);
    assertTrue(m.find(), "no sample " + series);
    return Double.parseDouble(m.group(1));
  }
}
