package com.wagateway.media;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.support.Api.obj;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.wagateway.support.Api;
import com.wagateway.support.MediaFiles;
import com.wagateway.support.TestServer;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Messages that send an uploaded file ({@code media_id}), through every route that makes them. */
class MediaMessageTest {
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(MediaMessageTest.class);
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static long upload(String key, byte[] file, String name) {
    Api.Response r =
        api.post("/media?filename=" + name)
            .key(key)
            .header("Content-Type", "application/octet-stream")
            .body(file)
            .send();
    assertTrue(r.status() == 201 || r.status() == 200, r.body());
    return r.id();
  }

  private static String later() {
    return OffsetDateTime.now().plusDays(1).toString();
  }

  private static long messageCount() {
    return server.db().dsl().fetchCount(MESSAGE_QUEUE);
  }

  @Test
  void messageWithMediaShowsItsFileAndCaption() {
    String key = server.newClientKey("mm");
    long media = upload(key, MediaFiles.mp4(20_000, 1), "clip.mp4");
    Api.Response r =
        api.post("/messages")
            .key(key)
            .json(
                obj(
                    "phone",
                    "+972501234567",
                    "text",
                    "Our new shop 🛍️",
                    "media_id",
                    media,
                    "as_document",
                    true,
                    "send_at",
                    later()))
            .send();
    assertEquals(201, r.status(), r.body());
    JsonObject shown = api.get("/messages/" + r.id()).key(key).send().json();
    assertEquals(media, shown.get("media_id").getAsLong());
    assertTrue(shown.get("as_document").getAsBoolean());
    assertEquals("Our new shop 🛍️", shown.get("text").getAsString());
    JsonObject listed =
        api.get("/messages?limit=1").key(key).send().data().get(0).getAsJsonObject();
    assertEquals(media, listed.get("media_id").getAsLong());
  }

  @Test
  void captionMayBeLeftOutWithAFile() {
    String key = server.newClientKey("mm");
    long media = upload(key, MediaFiles.pdf(4_000, 2), "ticket.pdf");
    Api.Response r =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+972501234567", "media_id", media, "send_at", later()))
            .send();
    assertEquals(201, r.status(), r.body());
    assertEquals("", r.json().get("text").getAsString());
    assertEquals(false, r.json().get("as_document").getAsBoolean());
  }

  @Test
  void textMessageShowsNoMedia() {
    String key = server.newClientKey("mm");
    Api.Response r =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+972501234567", "text", "plain", "send_at", later()))
            .send();
    assertEquals(201, r.status(), r.body());
    assertTrue(r.json().get("media_id").isJsonNull());
  }

  @Test
  void anotherClientsMediaIsRefused422NamingMediaId() {
    String owner = server.newClientKey("mm");
    String other = server.newClientKey("mm");
    long media = upload(owner, MediaFiles.pdf(4_000, 3), "x.pdf");
    long before = messageCount();
    Api.Response r =
        api.post("/messages")
            .key(other)
            .json(obj("phone", "+972501234567", "text", "x", "media_id", media))
            .send();
    assertEquals(422, r.status(), r.body());
    assertEquals(
        "media_id",
        r.json().getAsJsonArray("errors").get(0).getAsJsonObject().get("field").getAsString());
    assertEquals(before, messageCount());
  }

  @Test
  void unknownMediaInABatchIsRefused422NamingTheItemAndStoresNone() {
    String key = server.newClientKey("mm");
    long media = upload(key, MediaFiles.pdf(4_000, 4), "x.pdf");
    JsonArray items = new JsonArray();
    items.add(obj("phone", "+972501234567", "text", "ok", "media_id", media));
    items.add(obj("phone", "+972501234568", "text", "bad", "media_id", 987654321));
    long before = messageCount();
    Api.Response r = api.post("/messages/batch").key(key).json(obj("messages", items)).send();
    assertEquals(422, r.status(), r.body());
    assertTrue(r.body().contains("media_id"), r.body());
    assertTrue(r.body().contains("987654321"), r.body());
    assertEquals(before, messageCount());
  }

  @Test
  void oneFileSentToManyNumbersIsStoredOnce() {
    String key = server.newClientKey("mm", 0, 0);
    long media = upload(key, MediaFiles.jpeg(30_000, 5), "offer.jpg");
    JsonArray items = new JsonArray();
    for (int i = 0; i < 20; i++) {
      items.add(obj("phone", "+97250123" + (4000 + i), "text", "Offer", "media_id", media));
    }
    Api.Response r = api.post("/messages/batch").key(key).json(obj("messages", items)).send();
    assertEquals(201, r.status(), r.body());
    assertEquals(20, server.db().dsl().fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.MEDIA_ID.eq(media)));
    assertEquals(
        1,
        server
            .db()
            .dsl()
            .fetchCount(
                com.wagateway.db.schema.Tables.MEDIA_CHUNK,
                com.wagateway.db.schema.Tables.MEDIA_CHUNK.MEDIA_ID.eq(media)));
  }

  @Test
  void seedRouteTakesMediaWithTheKeyInTheBody() {
    String key = server.newClientKey("mm");
    long media = upload(key, MediaFiles.ogg(9_000, 6), "voice.ogg");
    Api.Response r =
        api.post("/send-message/")
            .json(obj("api_key", key, "phone", "+972501234567", "media_id", media, "text", "hi"))
            .send();
    assertEquals(201, r.status(), r.body());
    assertEquals(media, r.json().get("media_id").getAsLong());
  }

  @Test
  void asDocumentWithoutAFileIsRefused400() {
    String key = server.newClientKey("mm");
    Api.Response r =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+972501234567", "text", "x", "as_document", true))
            .send();
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("as_document"), r.body());
  }

  @Test
  void mediaNamedByAMessageCannotBeDeleted() {
    String key = server.newClientKey("mm");
    long media = upload(key, MediaFiles.pdf(4_000, 7), "x.pdf");
    api.post("/messages")
        .key(key)
        .json(obj("phone", "+972501234567", "media_id", media, "send_at", later()))
        .send();
    assertEquals(409, api.delete("/media/" + media).key(key).send().status());
    assertEquals(200, api.get("/media/" + media).key(key).send().status());
  }

  @Test
  void sameIdempotencyKeyAnswersTheSameMediaMessage() {
    String key = server.newClientKey("mm");
    long media = upload(key, MediaFiles.pdf(4_000, 8), "x.pdf");
    JsonObject body = obj("phone", "+972501234567", "media_id", media, "send_at", later());
    Api.Response first =
        api.post("/messages").key(key).header("Idempotency-Key", "file-1").json(body).send();
    Api.Response again =
        api.post("/messages").key(key).header("Idempotency-Key", "file-1").json(body).send();
    assertEquals(first.id(), again.id());
    assertEquals("true", again.header("Idempotent-Replayed"));
  }

  @Test
  void mediaMessageIsSentCancelledAndRetriedLikeAText() {
    String key = server.newClientKey("mm");
    long media = upload(key, MediaFiles.png(9_000, 9), "p.png");
    long now =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+972501234567", "media_id", media, "text", "now"))
            .send()
            .id();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> api.get("/messages/" + now).key(key).send().json().get("status").getAsString(),
            "sent"::equals);
    long scheduled =
        api.post("/messages")
            .key(key)
            .json(obj("phone", "+972501234567", "media_id", media, "send_at", later()))
            .send()
            .id();
    Api.Response cancelled = api.delete("/messages/" + scheduled).key(key).send();
    assertEquals("cancelled", cancelled.json().get("status").getAsString());
    assertEquals(media, cancelled.json().get("media_id").getAsLong());
    server
        .db()
        .dsl()
        .update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, "failed")
        .where(MESSAGE_QUEUE.ID.eq(now))
        .execute();
    Api.Response retried = api.post("/messages/" + now + "/retry").key(key).send();
    assertEquals(200, retried.status(), retried.body());
    assertEquals(media, retried.json().get("media_id").getAsLong());
  }
}
