package com.wagateway.client;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.Http;
import com.wagateway.support.TestDatabase;
import com.wagateway.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthenticationTest {
  static TestServer server;
  static TestDatabase db;
  static Http http;
  static ClientService clients;
  static String aliceKey;
  static String bobKey;

  @BeforeAll
  static void start() {
    server = TestServer.start(AuthenticationTest.class, Map.of("WA_WORKER_POLL_INTERVAL", "1h"));
    db = server.db();
    clients = new ClientService(db.dsl());
    aliceKey = clients.create("alice", null).apiKey();
    bobKey = clients.create("bob", null).apiKey();
    clients.create("carol", "carol-key-1");
    clients.setActive("carol", false);
    http = new Http(server.app().httpPort());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void noMessageWasStored() {
    assertEquals(0, db.dsl().fetchCount(MESSAGE_QUEUE));
  }

  private Http.Response send(String clientName, String key) {
    return http.postJson(
        "/send-message/",
        "{\"client_name\":\""
            + clientName
            + "\",\"api_key\":\""
            + key
            + "\",\"phone\":\"+14155552671\",\"name\":\"X\",\"text\":\"hello\"}");
  }

  private static void assertRefused(Http.Response r) {
    assertEquals(401, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"));
    assertFalse(r.body().contains("Exception"), r.body());
  }

  @Test
  void wrongKeyIsRefused() {
    assertRefused(send("alice", aliceKey + "x"));
  }

  @Test
  void unknownClientGetsTheSameAnswerAsAWrongKey() {
    Http.Response unknown = send("nobody", aliceKey + "x");
    Http.Response wrongKey = send("alice", aliceKey + "x");
    assertRefused(unknown);
    assertEquals(wrongKey.json().get("detail"), unknown.json().get("detail"));
  }

  @Test
  void disabledClientIsRefused() {
    assertRefused(send("carol", "carol-key-1"));
  }

  @Test
  void keyOfAnotherClientIsRefusedUnderThisClientsName() {
    assertRefused(send("alice", bobKey));
  }

  @Test
  void missingKeyIsRefused() {
    assertRefused(
        http.postJson(
            "/send-message/", "{\"phone\":\"+14155552671\",\"name\":\"X\",\"text\":\"hello\"}"));
  }

  @Test
  void readingAMessageNeedsAKey() {
    assertRefused(http.get("/messages/1"));
    assertRefused(http.get("/messages/1", "Authorization", "Bearer nope"));
  }

  @Test
  void rotatedKeyReplacesTheOldOne() {
    String old = clients.create("dave", null).apiKey();
    String fresh = clients.rotateKey("dave").apiKey();
    assertRefused(send("dave", old));
    assertEquals(404, http.get("/messages/1", "X-API-Key", fresh).status());
  }

  @Test
  void keysAreStoredOnlyAsHashes() {
    String key = clients.create("erin", null).apiKey();
    assertTrue(key.length() >= 22, "at least 128 bits");
    String stored =
        db.dsl()
            .select(com.wagateway.db.schema.Tables.CLIENT.API_KEY_HASH)
            .from(com.wagateway.db.schema.Tables.CLIENT)
            .where(com.wagateway.db.schema.Tables.CLIENT.CLIENT_NAME.eq("erin"))
            .fetchOne()
            .value1();
    assertEquals(ApiKeys.hash(key), stored);
    assertFalse(stored.contains(key));
  }
}
