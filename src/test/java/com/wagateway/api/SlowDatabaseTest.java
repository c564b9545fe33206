package com.wagateway.api;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.support.Api.obj;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The database stalls while a group is being stored; a database timeout of 1 s applies here. */
class SlowDatabaseTest {
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            SlowDatabaseTest.class, Map.of("WA_DATABASE_TIMEOUT", "1s", "WA_INTAKE_GATHER", "0us"));
    api = server.api();
    try (InputStream sql =
            SlowDatabaseTest.class.getResourceAsStream("/faults/refuse-marked-messages.sql");
        Connection c = server.db().dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(new String(sql.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aRequestThatWaitedLongerThanTheDatabaseTimeoutIsAnswered503AndNotStored() throws Exception {
    String key = server.newClientKey("slow");
    CompletableFuture<Api.Response> stalled =
        CompletableFuture.supplyAsync(() -> send(key, "the database stalls here"));
    await("the group's insert stalls")
        .atMost(Duration.ofMinutes(2))
        .until(SlowDatabaseTest::writerIsStalled);

    Api.Response late = send(key, "waits behind the stall");

    assertEquals(503, late.status(), late.body());
    assertEquals(201, stalled.get().status(), "the stalled request itself is stored");
    assertEquals(
        0,
        server
            .db()
            .dsl()
            .fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.TEXT.eq("waits behind the stall")));
    assertEquals(201, send(key, "after the stall").status(), "the next request is stored as usual");
  }

  private static Api.Response send(String key, String text) {
    return api.post("/messages").key(key).json(obj("phone", "+14155551000", "text", text)).send();
  }

  private static boolean writerIsStalled() {
    return server
            .db()
            .dsl()
            .fetchOne(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE wait_event = 'PgSleep' AND datname = current_database()")
            .get(0, Long.class)
        > 0;
  }
}
