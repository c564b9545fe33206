package com.wagateway.client;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.Api;
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
  static Api api;
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
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void noMessageWasStored() {
    assertEquals(0, db.dsl().fetchCount(MESSAGE_QUEUE));
  }

  private Api.Response send(String clientName, String key) {
    return api.post("/send-message/")
        .json(
            "{\"client_name\":\""
                + clientName
                + "\",\"api_key\":\""
                + key
                + "\",\"phone\":\"+14155552671\",\"name\":\"X\",\"text\":\"hello\"}")
        .send();
  }

  private static void assertRefused(Api.Response r) {
    assertEquals(401, r.status(), r.body());
    assertTrue(r.header("Content-Type").startsWith("application/problem+json"));
    assertFalse(r.body().contains("Exception"), r.body());
  }

  @Test
  void wrongKeyIsRefused() {
    assertRefused(send("alice", aliceKey + "x"));
  }

  @Test
  void unknownClientGetsTheSameAnswerAsAWrongKey() {
    Api.Response unknown = send("nobody", aliceKey + "x");
    Api.Response wrongKey = send("alice", aliceKey + "x");
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
        api.post("/send-message/")
            .json("{\"phone\":\"+14155552671\",\"name\":\"X\",\"text\":\"hello\"}")
            .send());
  }

  @Test
  void readingAMessageNeedsAKey() {
    assertRefused(api.get("/messages/1").send());
    assertRefused(api.get("/messages/1").header("Authorization", "Bearer nope").send());
  }

  @Test
  void rotatedKeyReplacesTheOldOne() {
    String old = clients.create("dave", null).apiKey();
    String fresh = clients.rotateKey("dave").apiKey();
    assertRefused(send("dave", old));
    assertEquals(404, api.get("/messages/1").header("X-API-Key", fresh).send().status());
  }

  @Test
  void keysAreStoredOnlyAsHashes() {
    String key = clients.create("erin", null).apiKey();
    assertTrue(key.length() >= 22, "at least 128 bits");
    String stored =
        db.dsl()
            .select(CLIENT.API_KEY_HASH)
            .from(CLIENT)
            .where(CLIENT.CLIENT_NAME.eq("erin"))
            .fetchOne()
            .value1();
    assertEquals(ApiKeys.hash(key), stored);
    assertFalse(stored.contains(key));
  }
}
