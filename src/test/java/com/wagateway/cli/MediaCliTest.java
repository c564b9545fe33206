package com.wagateway.cli;

import static com.wagateway.db.schema.Tables.MEDIA;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.client.ClientService;
import com.wagateway.support.MediaFiles;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code media upload} and {@code media send}: files from the command line, by the API's rules. */
class MediaCliTest {
  static TestDatabase db;
  static Map<String, String> env;
  static Path dir;

  @BeforeAll
  static void createDatabase(@TempDir Path tmp) {
    dir = tmp;
    db = TestDatabase.create(MediaCliTest.class);
    env = TestConfig.env(db, tmp);
    new ClientService(db.dsl()).create("cli-shop", null);
  }

  @AfterAll
  static void dropPool() {
    db.close();
  }

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void uploadStoresTheFileOnceAndPrintsItsIdAndSha256() throws Exception {
    byte[] pdf = MediaFiles.pdf(700_000, 71);
    Path file = Files.write(dir.resolve("invoice-7.pdf"), pdf);
    Run first = run("media", "upload", "--client", "cli-shop", file.toString());
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().startsWith("Stored media "), first.out());
    assertTrue(first.out().contains("invoice-7.pdf, document, application/pdf"), first.out());
    assertTrue(first.out().contains("sha256 " + sha256(pdf)), first.out());
    Run again = run("media", "upload", "--client", "cli-shop", file.toString());
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().startsWith("Already stored as media "), again.out());
    assertEquals(1, db.dsl().fetchCount(MEDIA, MEDIA.SHA256.eq(sha256(pdf))), "stored once");
  }

  @Test
  void sendQueuesAMessageWithTheFileAndItsCaption() throws Exception {
    byte[] photo = MediaFiles.png(50_000, 72);
    Path file = Files.write(dir.resolve("shelf.png"), photo);
    Run r =
        run(
            "media",
            "send",
            "--client",
            "cli-shop",
            "--phone",
            "+972508880001",
            "--file",
            file.toString(),
            "--text",
            "New stock 👋🏽",
            "--as-document");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("Queued message "), r.out());
    long id = Long.parseLong(r.out().split(" ")[2]);
    Record m =
        db.dsl()
            .select(MESSAGE_QUEUE.TEXT, MESSAGE_QUEUE.AS_DOCUMENT, MEDIA.SHA256)
            .from(MESSAGE_QUEUE)
            .join(MEDIA)
            .on(MEDIA.ID.eq(MESSAGE_QUEUE.MEDIA_ID))
            .where(MESSAGE_QUEUE.ID.eq(id))
            .fetchOne();
    assertEquals("New stock 👋🏽", m.get(MESSAGE_QUEUE.TEXT));
    assertTrue(m.get(MESSAGE_QUEUE.AS_DOCUMENT));
    assertEquals(sha256(photo), m.get(MEDIA.SHA256));
  }

  @Test
  void aFileOverItsKindsLimitIsRefusedNamingTheSetting() throws Exception {
    Path file = Files.write(dir.resolve("big.png"), MediaFiles.png(2_000, 73));
    Map<String, String> small = new java.util.HashMap<>(env);
    small.put("WA_MEDIA_MAX_IMAGE_BYTES", "1000");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            small,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "media",
            "upload",
            "--client",
            "cli-shop",
            file.toString());
    assertEquals(1, code);
    assertTrue(err.toString().contains("WA_MEDIA_MAX_IMAGE_BYTES"), err.toString());
  }

  @Test
  void sendRefusesABadNumberWithTheFieldNamed() throws Exception {
    Path file = Files.write(dir.resolve("a.pdf"), MediaFiles.pdf(3_000, 74));
    Run r =
        run("media", "send", "--client", "cli-shop", "--phone", "12", "--file", file.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("error: phone"), r.err());
    assertEquals(0, db.dsl().fetchCount(MEDIA, MEDIA.FILE_NAME.eq("a.pdf")), "no file stored");
  }
}
