package com.wagateway.api;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.wagateway.App;
import com.wagateway.support.Api;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests that arrive together are stored together, and every rule still holds for each one. The
 * tests about one group send to an instance whose groups close when they hold eight messages and
 * whose gather window is far longer than any test: eight requests are one group however slowly a
 * loaded machine gets them all sent, so nothing here depends on how long the window is.
 */
class GroupCommitTest {
  private static final Duration GATHER = Duration.ofMillis(50);
  private static final int GROUP = 8;

  private static TestServer server;
  private static Api api;
  // A second instance on the same database, as a deployment with two would have.
  private static App second;
  private static Api secondApi;
  // A third whose groups only close full: GROUP requests sent together are one group.
  private static App grouping;
  private static Api groupingApi;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            GroupCommitTest.class,
            Map.of(
                "WA_INTAKE_GATHER",
                GATHER.toMillis() + "ms",
                // Fewer than the 200-request tests send: they span several groups.
                "WA_INTAKE_MAX_MESSAGES",
                "50"));
    api = server.api();
    second =
        App.serve(
            TestConfig.config(
                server.db(),
                Files.createTempDirectory("wa-second"),
                Map.of("WA_INTAKE_GATHER", GATHER.toMillis() + "ms")));
    secondApi = new Api(second.httpPort());
    grouping =
        App.serve(
            TestConfig.config(
                server.db(),
                Files.createTempDirectory("wa-grouping"),
                Map.of("WA_INTAKE_GATHER", "2m", "WA_INTAKE_MAX_MESSAGES", String.valueOf(GROUP))));
    groupingApi = new Api(grouping.httpPort());
    try (InputStream sql =
            GroupCommitTest.class.getResourceAsStream("/faults/refuse-marked-messages.sql");
        Connection c = server.db().dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(new String(sql.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @AfterAll
  static void stop() {
    grouping.close();
    second.close();
    server.close();
  }

  @Test
  void aRequestNamingAnotherClientsContactFailsAloneAndTheOthersShareOneCommit() throws Exception {
    String key = server.newClientKey("g");
    String other = server.newClientKey("g");
    long foreign =
        api.post("/contacts")
            .key(other)
            .json(obj("name", "Not yours", "phone", "+14155550900"))
            .send()
            .id();
    List<Api.Response> answers =
        concurrently(
            GROUP,
            i ->
                i == 3
                    ? inOneGroup(key, obj("contact_id", foreign, "text", "to a stranger"))
                    : inOneGroup(key, obj("phone", "+1415555091" + i, "text", "group " + i)));
    Set<String> commits = new HashSet<>();
    for (int i = 0; i < answers.size(); i++) {
      Api.Response r = answers.get(i);
      if (i == 3) {
        assertEquals(422, r.status(), r.body());
        assertTrue(r.body().contains("contact_id"), r.body());
      } else {
        assertEquals(201, r.status(), r.body());
        commits.add(r.json().get("created_at").getAsString());
      }
    }
    assertEquals(1, commits.size(), "the seven were stored by one transaction");
    assertEquals(7, stored(key));
  }

  @Test
  void aRowTheDatabaseRefusesFailsAloneAndTheOthersAreStored() throws Exception {
    String key = server.newClientKey("g");
    List<Api.Response> answers =
        concurrently(
            GROUP,
            i ->
                inOneGroup(
                    key,
                    obj(
                        "phone",
                        "+1415555092" + i,
                        "text",
                        i == 5 ? "the database refuses this row" : "fine " + i)));
    for (int i = 0; i < answers.size(); i++) {
      Api.Response r = answers.get(i);
      assertEquals(i == 5 ? 422 : 201, r.status(), r.body());
    }
    assertEquals(7, stored(key));
  }

  @Test
  void aDatabaseFailureMidGroupAnswersEveryRequest503AndStoresNone() throws Exception {
    String key = server.newClientKey("g");
    List<Api.Response> answers =
        concurrently(
            GROUP,
            i ->
                inOneGroup(
                    key,
                    obj(
                        "phone",
                        "+1415555093" + i,
                        "text",
                        i == 4 ? "the disk fills up here" : "lost with the group " + i)));
    for (Api.Response r : answers) {
      assertEquals(503, r.status(), r.body());
      assertNotNull(r.header("Retry-After"));
      assertTrue(r.body().contains("nothing was stored"), r.body());
    }
    assertEquals(0, stored(key));
  }

  @Test
  void twoHundredConcurrentRequestsWithTwentyKeysMakeTwentyMessages() throws Exception {
    String key = server.newClientKey("g");
    List<String> keys = new ArrayList<>();
    for (int k = 0; k < 20; k++) keys.add(UUID.randomUUID().toString());
    List<Api.Response> answers =
        concurrently(
            200,
            i ->
                () ->
                    api.post("/messages")
                        .key(key)
                        .header("Idempotency-Key", keys.get(i % 20))
                        .json(obj("phone", "+14155550940", "text", "once for key " + i % 20))
                        .send());
    Map<String, Set<String>> bodiesByKey = new HashMap<>();
    for (int i = 0; i < answers.size(); i++) {
      Api.Response r = answers.get(i);
      assertEquals(201, r.status(), r.body());
      bodiesByKey.computeIfAbsent(keys.get(i % 20), k -> new HashSet<>()).add(r.body());
    }
    bodiesByKey.values().forEach(bodies -> assertEquals(1, bodies.size(), "one answer per key"));
    assertEquals(20, stored(key));
  }

  @Test
  void aQuotaOfFiftyUnderTwoHundredConcurrentRequestsStoresExactlyFifty() throws Exception {
    String key = server.newClientKey("g");
    String name = clientName(key);
    assertEquals(
        200,
        api.patch("/admin/clients/" + name)
            .key(TestServer.ADMIN_TOKEN)
            .json(obj("quota_per_minute", 0, "quota_per_day", 50))
            .send()
            .status());
    List<Api.Response> answers =
        concurrently(
            200, i -> message(key, obj("phone", "+14155550950", "text", "quota race " + i)));
    int created = 0;
    for (Api.Response r : answers) {
      if (r.status() == 201) created++;
      else assertEquals(429, r.status(), r.body());
    }
    assertEquals(50, created);
    assertEquals(50, stored(key));
  }

  @Test
  void oneKeySentToTwoInstancesAtOnceMakesOneMessage() throws Exception {
    String key = server.newClientKey("g");
    String idem = UUID.randomUUID().toString();
    JsonObject body = obj("phone", "+14155550970", "text", "once across instances");
    List<Api.Response> answers =
        concurrently(
            40,
            i ->
                () ->
                    (i % 2 == 0 ? api : secondApi)
                        .post("/messages")
                        .key(key)
                        .header("Idempotency-Key", idem)
                        .json(body)
                        .send());
    Set<String> bodies = new HashSet<>();
    for (Api.Response r : answers) {
      assertEquals(201, r.status(), r.body());
      bodies.add(r.body());
    }
    assertEquals(1, bodies.size(), "every copy got the first one's answer");
    assertEquals(1, stored(key));
  }

  @Test
  void aQuotaHoldsExactlyAcrossTwoInstances() throws Exception {
    String key = server.newClientKey("g");
    assertEquals(
        200,
        api.patch("/admin/clients/" + clientName(key))
            .key(TestServer.ADMIN_TOKEN)
            .json(obj("quota_per_minute", 0, "quota_per_day", 30))
            .send()
            .status());
    List<Api.Response> answers =
        concurrently(
            100,
            i ->
                () ->
                    (i % 2 == 0 ? api : secondApi)
                        .post("/messages")
                        .key(key)
                        .json(obj("phone", "+14155550980", "text", "two instances " + i))
                        .send());
    assertEquals(30, answers.stream().filter(r -> r.status() == 201).count());
    assertEquals(30, stored(key));
  }

  @Test
  void textsThatArraySyntaxTreatsSpeciallyAreStoredExactly() throws Exception {
    String key = server.newClientKey("g");
    List<String> texts =
        List.of(
            "NULL",
            "{\"a\", b}",
            "back\\slash and \"quotes\"",
            "line one\nline two\ttab",
            "שלום 👋🏽 مرحبا",
            "  leading and trailing spaces  ",
            "ends with a backslash\\");
    List<Api.Response> answers =
        concurrently(
            texts.size(), i -> message(key, obj("phone", "+1415555099" + i, "text", texts.get(i))));
    for (int i = 0; i < texts.size(); i++) {
      Api.Response r = answers.get(i);
      assertEquals(201, r.status(), r.body());
      assertEquals(texts.get(i), r.json().get("text").getAsString());
      long id = r.id();
      assertEquals(
          texts.get(i),
          server.db().dsl().fetchValue(MESSAGE_QUEUE.TEXT, MESSAGE_QUEUE.ID.eq(id)),
          "stored as sent");
    }
  }

  @Test
  void aLoneRequestIsAnsweredWithoutWaitingForAFullGroupOrMoreTraffic() throws Exception {
    String key = server.newClientKey("g");
    long started = System.nanoTime();
    // Nothing else is sent while it waits: a group of 50 never fills, so only the window's end
    // can commit it. How fast that is belongs in a benchmark, not here.
    Api.Response r =
        message(key, obj("phone", "+14155550960", "text", "nobody else is sending")).call();
    System.out.printf(
        "A lone request answered after %d ms (window %d ms)%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis(), GATHER.toMillis());
    assertEquals(201, r.status(), r.body());
    assertNotNull(
        server
            .db()
            .dsl()
            .fetchValue(MESSAGE_QUEUE.ID, MESSAGE_QUEUE.ID.eq(r.json().get("id").getAsLong())),
        "committed");
  }

  private static Callable<Api.Response> message(String key, JsonObject body) {
    return () -> api.post("/messages").key(key).json(body).send();
  }

  private static Callable<Api.Response> inOneGroup(String key, JsonObject body) {
    return () -> groupingApi.post("/messages").key(key).json(body).send();
  }

  /** Starts {@code n} requests at the same moment and answers their responses in order. */
  private static List<Api.Response> concurrently(int n, IntFunction<Callable<Api.Response>> request)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Api.Response>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<Api.Response> call = request.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return call.call();
                }));
      }
      ready.await();
      go.countDown();
      List<Api.Response> answers = new ArrayList<>();
      for (Future<Api.Response> f : futures) answers.add(f.get());
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  private static int stored(String key) {
    return server.db().dsl().fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.CLIENT_ID.eq(clientId(key)));
  }

  private static long clientId(String key) {
    return new com.wagateway.client.ClientService(server.db().dsl())
        .authenticate(key, null)
        .orElseThrow()
        .id();
  }

  private static String clientName(String key) {
    return new com.wagateway.client.ClientService(server.db().dsl())
        .authenticate(key, null)
        .orElseThrow()
        .name();
  }
}
