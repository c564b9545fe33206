package com.wagateway.session;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sessions through the admin API with the dry-run sender, which sends any session's messages. */
class SessionApiTest {
  private static final String ADMIN = TestServer.ADMIN_TOKEN;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(SessionApiTest.class, Map.of("WA_WORKER_POLL_INTERVAL", "1h"));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aSetUpThatNeverMentionsSessionsSendsFromDefault() {
    String key = client("plain");
    Api.Response sent =
        api.post("/messages").key(key).json(obj("phone", "+972501234567", "text", "hi")).send();
    assertEquals(201, sent.status(), sent.toString());
    assertEquals("default", sessionOf(sent.id()));
    JsonObject client = api.get("/admin/clients/plain").key(ADMIN).send().json();
    assertEquals("default", client.get("session").getAsString());
    assertEquals(0, client.getAsJsonArray("allowed_sessions").size());
    JsonObject session = api.get("/admin/sessions/default").key(ADMIN).send().json();
    assertTrue(session.getAsJsonArray("clients").toString().contains("plain"));
  }

  @Test
  void aClientSendsFromItsOwnSessionAndNamesOnlyAllowedOthers() {
    create("own");
    create("extra");
    String key = client("routed");
    Api.Response patched =
        api.patch("/admin/clients/routed")
            .key(ADMIN)
            .json(obj("session", "own", "allowed_sessions", List.of("extra")))
            .send();
    assertEquals(200, patched.status(), patched.toString());

    long own =
        api.post("/messages").key(key).json(obj("phone", "+972501234567", "text", "a")).send().id();
    assertEquals("own", sessionOf(own));
    Api.Response named =
        api.post("/send-message/")
            .key(key)
            .json(obj("phone", "+972501234567", "text", "b", "session", "extra"))
            .send();
    assertEquals(201, named.status(), named.toString());
    assertEquals("extra", sessionOf(named.id()));

    Api.Response refused =
        api.post("/messages/batch")
            .key(key)
            .json(
                obj(
                    "messages",
                    List.of(
                        obj("phone", "+972501234567", "text", "fine"),
                        obj("phone", "+972501234567", "text", "no", "session", "default"))))
            .send();
    assertEquals(422, refused.status(), refused.toString());
    assertTrue(refused.body().contains("messages[1].session"), refused.body());
  }

  @Test
  void aClientCannotBeMovedToASessionThatDoesNotExist() {
    client("lost");
    Api.Response r =
        api.patch("/admin/clients/lost").key(ADMIN).json(obj("session", "nowhere")).send();
    assertEquals(422, r.status(), r.toString());
    assertTrue(r.body().contains("\"session\""), r.body());
    Api.Response bad =
        api.patch("/admin/clients/lost").key(ADMIN).json(obj("allowed_sessions", "x")).send();
    assertEquals(400, bad.status(), bad.toString());
  }

  @Test
  void aSessionInUseOrWithWaitingMessagesIsNotDeleted() {
    create("busy");
    client("user");
    api.patch("/admin/clients/user")
        .key(ADMIN)
        .json(obj("allowed_sessions", List.of("busy")))
        .send();
    Api.Response inUse = api.delete("/admin/sessions/busy").key(ADMIN).send();
    assertEquals(409, inUse.status(), inUse.toString());
    assertTrue(inUse.body().contains("user"), inUse.body());

    api.patch("/admin/clients/user").key(ADMIN).json(obj("allowed_sessions", List.of())).send();
    assertEquals(204, api.delete("/admin/sessions/busy").key(ADMIN).send().status());
    assertEquals(404, api.get("/admin/sessions/busy").key(ADMIN).send().status());
  }

  @Test
  void sessionNamesAreCheckedAndUnique() {
    assertEquals(
        400, api.post("/admin/sessions").key(ADMIN).json(obj("name", "no spaces")).send().status());
    create("twice");
    assertEquals(
        409, api.post("/admin/sessions").key(ADMIN).json(obj("name", "twice")).send().status());
    JsonObject listed = api.get("/admin/sessions").key(ADMIN).send().json();
    assertTrue(listed.getAsJsonArray("data").toString().contains("\"twice\""));
    JsonObject twice = api.get("/admin/sessions/twice").key(ADMIN).send().json();
    assertEquals("stopped", twice.get("state").getAsString());
    assertTrue(twice.get("instance").isJsonNull(), "the dry-run sender runs no browser");
  }

  /** A client with no quota, created through the API; answers its key. */
  private static String client(String name) {
    Api.Response r =
        api.post("/admin/clients")
            .key(ADMIN)
            .json(obj("name", name, "quota_per_minute", 0, "quota_per_day", 0))
            .send();
    assertEquals(201, r.status(), r.toString());
    return r.json().get("api_key").getAsString();
  }

  private static void create(String name) {
    Api.Response r = api.post("/admin/sessions").key(ADMIN).json(obj("name", name)).send();
    assertEquals(201, r.status(), r.toString());
  }

  private static String sessionOf(long id) {
    return server
        .db()
        .dsl()
        .select(MESSAGE_QUEUE.SESSION_NAME)
        .from(MESSAGE_QUEUE)
        .where(MESSAGE_QUEUE.ID.eq(id))
        .fetchOne(MESSAGE_QUEUE.SESSION_NAME);
  }
}
