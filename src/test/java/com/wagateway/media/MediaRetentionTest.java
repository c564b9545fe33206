package com.wagateway.media;

import static com.wagateway.db.schema.Tables.MEDIA;
import static com.wagateway.db.schema.Tables.MEDIA_CHUNK;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.support.Api.obj;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.Api;
import com.wagateway.support.MediaFiles;
import com.wagateway.support.TestServer;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WA_MEDIA_RETENTION: files go once no message needs them, never while one still does. */
class MediaRetentionTest {
  private static TestServer server;
  private static Api api;
  private static DSLContext db;
  private static MediaRetention retention;

  @BeforeAll
  static void start() {
    server = TestServer.start(MediaRetentionTest.class);
    api = server.api();
    db = server.db().dsl();
    retention = new MediaRetention(db, Duration.ofDays(1));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static long upload(String key, byte[] file) {
    Api.Response r =
        api.post("/media?filename=f.pdf")
            .key(key)
            .header("Content-Type", "application/pdf")
            .body(file)
            .send();
    assertEquals(201, r.status(), r.body());
    return r.id();
  }

  private static void ageMedia(long media) {
    db.update(MEDIA)
        .set(MEDIA.CREATED_AT, OffsetDateTime.now().minusDays(3))
        .where(MEDIA.ID.eq(media))
        .execute();
  }

  private static void ageMessage(long message, String status) {
    OffsetDateTime old = OffsetDateTime.now().minusDays(2);
    db.update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, status)
        .set(MESSAGE_QUEUE.SEND_AT, old)
        .set(MESSAGE_QUEUE.SENT_AT, status.equals("sent") ? old : null)
        .where(MESSAGE_QUEUE.ID.eq(message))
        .execute();
  }

  private static boolean stored(long media) {
    return db.fetchExists(MEDIA_CHUNK, MEDIA_CHUNK.MEDIA_ID.eq(media));
  }

  private static void purgeAll() {
    while (retention.purge() > 0) {
      // rounds of at most a batch each
    }
  }

  private static long sendNow(String key, long media) {
    long id =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+972501234567", "media_id", media))
            .send()
            .id();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> api.get("/messages/" + id).key(key).send().json().get("status").getAsString(),
            "sent"::equals);
    return id;
  }

  @Test
  void fileOfMessagesThatEndedLongAgoIsDeletedAndTheirHistoryKept() {
    String key = server.newClientKey("ret");
    long media = upload(key, MediaFiles.pdf(3_000, 1));
    long message = sendNow(key, media);
    ageMedia(media);
    ageMessage(message, "sent");
    purgeAll();
    assertTrue(!stored(media));
    assertEquals(404, api.get("/media/" + media).key(key).send().status());
    assertEquals(
        media, api.get("/messages/" + message).key(key).send().json().get("media_id").getAsLong());
  }

  @Test
  void failedMessageWhoseFileIsGoneCannotBeRetried() {
    String key = server.newClientKey("ret");
    long media = upload(key, MediaFiles.pdf(3_000, 2));
    long message = sendNow(key, media);
    ageMedia(media);
    ageMessage(message, "failed");
    purgeAll();
    Api.Response r = api.post("/messages/" + message + "/retry").key(key).send();
    assertEquals(409, r.status(), r.body());
    assertTrue(r.body().contains("WA_MEDIA_RETENTION"), r.body());
  }

  @Test
  void messageInFlightKeepsItsFileWhateverItsAge() {
    String key = server.newClientKey("ret");
    long media = upload(key, MediaFiles.pdf(3_000, 3));
    long message = sendNow(key, media);
    ageMedia(media);
    ageMessage(message, "sending");
    purgeAll();
    assertTrue(stored(media));
    assertEquals(200, api.get("/media/" + media).key(key).send().status());
  }

  @Test
  void fileOfAMessageThatEndedRecentlyIsKept() {
    String key = server.newClientKey("ret");
    long media = upload(key, MediaFiles.pdf(3_000, 4));
    sendNow(key, media);
    ageMedia(media);
    purgeAll();
    assertTrue(stored(media));
  }

  @Test
  void unusedFileOlderThanTheRetentionIsDeletedOutright() {
    String key = server.newClientKey("ret");
    long media = upload(key, MediaFiles.pdf(3_000, 5));
    long fresh = upload(key, MediaFiles.pdf(3_000, 6));
    ageMedia(media);
    purgeAll();
    assertTrue(!db.fetchExists(MEDIA, MEDIA.ID.eq(media)));
    assertTrue(stored(fresh));
  }

  @Test
  void sameBytesCanBeUploadedAgainAfterTheirFileWasDeleted() {
    String key = server.newClientKey("ret");
    byte[] pdf = MediaFiles.pdf(3_000, 7);
    long media = upload(key, pdf);
    ageMessage(sendNow(key, media), "sent");
    ageMedia(media);
    purgeAll();
    long again = upload(key, pdf);
    assertNotEquals(media, again);
    assertTrue(stored(again));
  }
}
