package com.wagateway.whatsapp;

import static com.wagateway.db.schema.Tables.MEDIA;
import static com.wagateway.support.Api.obj;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.MediaFiles;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb.ReceivedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files through the whole service: uploaded to the API, stored in PostgreSQL, put on disk for the
 * browser, attached through the page's attach menu, the caption typed into the media editor, sent
 * once. The double records the SHA-256 of the bytes the browser read.
 */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilesThroughWhatsAppTest {
  private TestDatabase db;
  private FakeWhatsAppWeb fake;
  private App app;
  private Api api;
  private String key;
  private WhatsAppWebSender sender;
  private Path tmp;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    db = TestDatabase.create(FilesThroughWhatsAppTest.class);
    fake = FakeWhatsAppWeb.fast();
    key = new ClientService(db.dsl()).create("files-test", null).apiKey();
    tmp = Path.of(System.getProperty("java.io.tmpdir"));
    app =
        App.serve(
            TestConfig.config(db, dir, env(dir)),
            config -> {
              sender = new WhatsAppWebSender(config.whatsapp());
              return sender;
            });
    api = new Api(app.httpPort());
    WhatsAppTestSupport.logIn(fake, sender);
  }

  /** Photos a little over the app's 16 MB pass the API here, so the page's own refusal shows. */
  private Map<String, String> env(Path dir) {
    Map<String, String> env = WhatsAppTestSupport.env(fake, dir.resolve("profile"));
    env.put("WA_MEDIA_MAX_IMAGE_BYTES", String.valueOf(20 * 1024 * 1024));
    return env;
  }

  @AfterAll
  void stop() {
    if (app != null) app.close();
    if (fake != null) fake.close();
    if (db != null) db.close();
  }

  private JsonObject upload(byte[] file, String name) {
    Api.Response r =
        api.post("/media?filename=" + name)
            .key(key)
            .header("Content-Type", "application/octet-stream")
            .body(file)
            .send();
    assertTrue(r.status() == 201 || r.status() == 200, r.body());
    return r.json();
  }

  private long send(String phone, long media, String caption, boolean asDocument) {
    return send(phone, media, caption, asDocument, "sent");
  }

  private long send(String phone, long media, String caption, boolean asDocument, String ends) {
    Api.Response r =
        api.post("/messages")
            .key(key)
            .json(
                obj("phone", phone, "media_id", media, "text", caption, "as_document", asDocument))
            .send();
    assertEquals(201, r.status(), r.body());
    long id = r.id();
    WhatsAppTestSupport.await(
        Duration.ofSeconds(30),
        () -> WhatsAppTestSupport.status(api, key, id).equals(ends),
        () -> "message " + WhatsAppTestSupport.message(api, key, id));
    return id;
  }

  /**
   * The files written for the browser, by name: an earlier test's may still be going away while
   * this one runs (on a loaded machine), so a test compares names, not counts.
   */
  private static Set<String> sendFiles(Path tmp) throws Exception {
    try (var dirs = Files.list(tmp)) {
      return dirs.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("wa-send-"))
          .collect(Collectors.toSet());
    }
  }

  @Test
  void aPhotoArrivesOnceAsTheBytesUploadedWithItsCaptionExact() throws Exception {
    JsonObject media = upload(MediaFiles.png(60_000, 11), "shelf.png");
    String caption = "New stock 👋🏽 שלום\nsecond line";
    Set<String> before = sendFiles(tmp);
    send("+972506660001", media.get("id").getAsLong(), caption, false);
    List<ReceivedFile> got = fake.filesTo("+972506660001");
    assertEquals(1, got.size(), "sent once");
    assertEquals(media.get("sha256").getAsString(), got.get(0).sha256());
    assertFalse(got.get(0).asDocument(), "a photo goes through Photos & videos");
    assertEquals(List.of(caption), fake.textsTo("+972506660001"), "the caption, exact");
    // Removed once the send is over, which a busy machine may report after the message's status.
    await("the file written for the browser is removed")
        .until(
            () -> {
              Set<String> left = new HashSet<>(sendFiles(tmp));
              left.removeAll(before);
              return left.isEmpty();
            });
  }

  @Test
  void aPdfGoesAsADocumentWithNoCaption() {
    JsonObject media = upload(MediaFiles.pdf(30_000, 12), "invoice-1043.pdf");
    send("+972506660002", media.get("id").getAsLong(), "", false);
    List<ReceivedFile> got = fake.filesTo("+972506660002");
    assertEquals(1, got.size());
    assertEquals(media.get("sha256").getAsString(), got.get(0).sha256());
    assertEquals("invoice-1043.pdf", got.get(0).name());
    assertTrue(got.get(0).asDocument());
  }

  @Test
  void aVideoGoesAsADocumentSinceThisChromiumCannotPreviewIt() {
    JsonObject media = upload(MediaFiles.mp4(40_000, 13), "clip.mp4");
    send("+972506660003", media.get("id").getAsLong(), "the clip", false);
    List<ReceivedFile> got = fake.filesTo("+972506660003");
    assertEquals(media.get("sha256").getAsString(), got.get(0).sha256());
    assertTrue(got.get(0).asDocument());
  }

  @Test
  void anAudioFileAndAPhotoAsADocumentGoThroughDocument() {
    JsonObject audio = upload(MediaFiles.ogg(20_000, 14), "note.ogg");
    JsonObject photo = upload(MediaFiles.jpeg(20_000, 15), "scan.jpg");
    send("+972506660004", audio.get("id").getAsLong(), "", false);
    send("+972506660004", photo.get("id").getAsLong(), "as a file", true);
    List<ReceivedFile> got = fake.filesTo("+972506660004");
    assertEquals(
        List.of(audio.get("sha256").getAsString(), photo.get("sha256").getAsString()),
        got.stream().map(ReceivedFile::sha256).toList());
    assertTrue(got.stream().allMatch(ReceivedFile::asDocument));
  }

  @Test
  void oneFileSentToTwentyNumbersIsStoredOnceAndReachesEachOnce() {
    byte[] menu = MediaFiles.png(30_000, 16);
    JsonObject media = upload(menu, "menu.png");
    assertEquals(media.get("id"), upload(menu, "menu-again.png").get("id"), "the same bytes");
    List<String> phones = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String phone = String.format("+9725066601%02d", i);
      phones.add(phone);
      Api.Response r =
          api.post("/messages")
              .key(key)
              .json(obj("phone", phone, "media_id", media.get("id").getAsLong(), "text", "menu"))
              .send();
      assertEquals(201, r.status(), r.body());
      ids.add(r.id());
    }
    for (long id : ids) {
      WhatsAppTestSupport.await(
          Duration.ofMinutes(3),
          () -> WhatsAppTestSupport.status(api, key, id).equals("sent"),
          () -> "message " + WhatsAppTestSupport.message(api, key, id));
    }
    for (String phone : phones) {
      List<ReceivedFile> got = fake.filesTo(phone);
      assertEquals(1, got.size(), phone);
      assertEquals(media.get("sha256").getAsString(), got.get(0).sha256(), phone);
    }
    assertEquals(
        1,
        db.dsl().fetchCount(MEDIA, MEDIA.SHA256.eq(media.get("sha256").getAsString())),
        "stored once");
  }

  @Test
  void aPhotoTheAppFindsTooLargeFailsWithTheAppsReasonAndNothingIsSent() {
    JsonObject media = upload(MediaFiles.png(16 * 1024 * 1024 + 1, 17), "huge.png");
    long id = send("+972506660021", media.get("id").getAsLong(), "too big", false, "failed");
    JsonObject m = WhatsAppTestSupport.message(api, key, id);
    assertTrue(m.get("error_reason").getAsString().contains("larger than 16 MB"), m.toString());
    assertEquals(1, m.get("attempts").getAsInt(), "never retried");
    assertEquals(List.of(), fake.filesTo("+972506660021"));
  }

  @Test
  void aFileWhoseTickNeverComesEndsUnconfirmedAndIsNeverSentAgain() {
    JsonObject media = upload(MediaFiles.pdf(10_000, 18), "late.pdf");
    fake.acknowledge(false);
    try {
      long id = send("+972506660031", media.get("id").getAsLong(), "no tick", false, "unconfirmed");
      assertEquals(1, WhatsAppTestSupport.message(api, key, id).get("attempts").getAsInt());
    } finally {
      fake.acknowledge(true);
    }
    assertEquals(1, fake.filesTo("+972506660031").size(), "handed to WhatsApp once, never again");
  }
}
