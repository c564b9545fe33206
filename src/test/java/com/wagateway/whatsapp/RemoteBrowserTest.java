package com.wagateway.whatsapp;

import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.MediaFiles;
import com.wagateway.support.SeleniumGrid;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb.ReceivedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser on a Selenium Grid ({@code WA_SELENIUM_URL}): the service logs in and sends through a
 * remote WebDriver, and a file reaches the browser through Selenium's upload to the node, not
 * through a path on the service's own disk.
 */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteBrowserTest {
  private SeleniumGrid grid;
  private TestDatabase db;
  private FakeWhatsAppWeb fake;
  private App app;
  private Api api;
  private String key;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    grid = SeleniumGrid.start(dir);
    db = TestDatabase.create(RemoteBrowserTest.class);
    fake = FakeWhatsAppWeb.fast();
    key = new ClientService(db.dsl()).create("remote-browser-test", null).apiKey();
    Map<String, String> env = WhatsAppTestSupport.env(fake, dir.resolve("profile"));
    env.put("WA_SELENIUM_URL", grid.url());
    WhatsAppWebSender[] sender = new WhatsAppWebSender[1];
    app =
        App.serve(
            TestConfig.config(db, dir, env),
            config -> sender[0] = new WhatsAppWebSender(config.whatsapp()));
    api = new Api(app.httpPort());
    WhatsAppTestSupport.logIn(fake, sender[0]);
  }

  @AfterAll
  void stop() {
    if (app != null) app.close();
    if (fake != null) fake.close();
    if (db != null) db.close();
    if (grid != null) grid.close();
  }

  @Test
  void aPhotoTravelsThroughTheGridsUploadAndArrivesAsTheBytesUploaded() {
    Api.Response uploaded =
        api.post("/media?filename=remote.png")
            .key(key)
            .header("Content-Type", "application/octet-stream")
            .body(MediaFiles.png(80_000, 41))
            .send();
    assertEquals(201, uploaded.status(), uploaded.body());
    JsonObject media = uploaded.json();
    String sha256 = media.get("sha256").getAsString();

    Api.Response sent =
        api.post("/messages")
            .key(key)
            .json(
                obj(
                    "phone",
                    "+972506670001",
                    "media_id",
                    media.get("id").getAsLong(),
                    "text",
                    "via the grid"))
            .send();
    assertEquals(201, sent.status(), sent.body());
    long id = sent.id();
    WhatsAppTestSupport.await(
        Duration.ofSeconds(60),
        () -> WhatsAppTestSupport.status(api, key, id).equals("sent"),
        () ->
            "message " + WhatsAppTestSupport.message(api, key, id) + "\ngrid:\n" + grid.logText());

    List<ReceivedFile> got = fake.filesTo("+972506670001");
    assertEquals(1, got.size(), "sent once");
    assertEquals(sha256, got.get(0).sha256(), "the bytes the browser read");
    assertEquals(List.of("via the grid"), fake.textsTo("+972506670001"));
    assertTrue(
        filesUnder(grid.tmp()).stream().anyMatch(f -> sha256.equals(sha256(f))),
        "the node holds the copy Selenium uploaded to it; it has " + filesUnder(grid.tmp()));
  }

  private static List<Path> filesUnder(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(Path file) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (Exception e) {
      return "";
    }
  }
}
