package com.wagateway.session;

import static com.wagateway.db.schema.Tables.WA_SESSION;
import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code waiting_for} on a pending message names its own session's state as the session table has
 * it, whichever instance answers (issue 24: it told whether any session of the answering instance
 * was ready). This instance runs no browser (WA_MAX_SESSIONS=0); the sessions' rows are written as
 * the instances that run them would.
 */
class WaitingForTest {
  private static final String ADMIN = TestServer.ADMIN_TOKEN;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            WaitingForTest.class, Map.of("WA_SENDER", "whatsapp-web", "WA_MAX_SESSIONS", "0"));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A client sending from a new session {@code session}; answers its key. */
  private static String clientOf(String session) {
    assertEquals(
        201, api.post("/admin/sessions").key(ADMIN).json(obj("name", session)).send().status());
    Api.Response created =
        api.post("/admin/clients").key(ADMIN).json(obj("name", "of-" + session)).send();
    assertEquals(201, created.status(), created.body());
    api.patch("/admin/clients/of-" + session).key(ADMIN).json(obj("session", session)).send();
    return created.json().get("api_key").getAsString();
  }

  /** The session as another instance running it reports it. */
  private static void heldElsewhere(String session, String state) {
    server
        .db()
        .dsl()
        .update(WA_SESSION)
        .set(WA_SESSION.STATE, state)
        .set(WA_SESSION.INSTANCE_ID, "elsewhere-1")
        .set(WA_SESSION.LEASE_UNTIL, OffsetDateTime.now().plusHours(1))
        .where(WA_SESSION.NAME.eq(session))
        .execute();
  }

  private static JsonObject pending(String key) {
    long id =
        api.post("/messages").key(key).json(obj("phone", "+972501234567", "text", "w")).send().id();
    JsonObject m = api.get("/messages/" + id).key(key).send().json();
    assertEquals("pending", m.get("status").getAsString());
    return m;
  }

  @Test
  void aMessageOfAStoppedSessionWaitsForItWhileAnotherSessionIsReady() {
    String ready = clientOf("shop-ready");
    String stopped = clientOf("shop-stopped");
    heldElsewhere("shop-ready", "ready");

    assertEquals("stopped", pending(stopped).get("waiting_for").getAsString());
    assertFalse(pending(ready).has("waiting_for"));
  }

  @Test
  void theStateNamedIsTheOneTheRunningInstanceReported() {
    String key = clientOf("shop-qr");
    heldElsewhere("shop-qr", "qr_required");
    JsonObject m = pending(key);
    assertEquals("qr_required", m.get("waiting_for").getAsString());

    heldElsewhere("shop-qr", "ready");
    assertFalse(
        api.get("/messages/" + m.get("id").getAsLong()).key(key).send().json().has("waiting_for"));
  }

  @Test
  void aSessionWhoseLeaseRanOutIsStoppedWhateverItsLastState() {
    String key = clientOf("shop-gone");
    heldElsewhere("shop-gone", "ready");
    server
        .db()
        .dsl()
        .update(WA_SESSION)
        .set(WA_SESSION.LEASE_UNTIL, OffsetDateTime.now().minusMinutes(1))
        .where(WA_SESSION.NAME.eq("shop-gone"))
        .execute();
    assertEquals("stopped", pending(key).get("waiting_for").getAsString());
  }
}
