package com.wagateway.fault;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.ScriptedSender;
import com.wagateway.support.TcpProxy;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL unreachable for a few seconds, cut by a TCP proxy between the service and the database
 * while clients keep posting: the API answers 503 problem+json meanwhile, the worker waits, both
 * recover by themselves, and every message that got a 201 is stored and sent.
 */
class DatabaseOutageTest {
  private static final String KEY = "outage-key-123";

  record Answer(int status, String contentType, Long id, long atMillis) {}

  @Test
  void apiAnswers503DuringOutageAndEveryAcknowledgedMessageIsSentAfterwards(@TempDir Path dir)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(DatabaseOutageTest.class)) {
      // It posts every 10 ms for seconds: more than the default quota of a minute.
      new ClientService(db.dsl()).create("outage", KEY, 0, 0);
      int pgPort = Integer.parseInt(db.url().replaceFirst(".*//[^:/]+:(\\d+)/.*", "$1"));
      ScriptedSender sender = ScriptedSender.alwaysSent();
      try (TcpProxy proxy = new TcpProxy("127.0.0.1", pgPort);
          App app =
              App.serve(
                  TestConfig.config(
                      db,
                      dir,
                      // The default database timeout (5 s): a shorter one made the start-up's
                      // first connection, through the proxy on a busy machine, fail the test.
                      Map.of(
                          "WA_DATABASE_URL",
                          proxy.rewrite(db.url()),
                          "WA_WORKER_POLL_INTERVAL",
                          "100ms")),
                  c -> sender)) {
        Api api = new Api(app.httpPort());
        List<Answer> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean posting = new AtomicBoolean(true);
        Thread client =
            new Thread(
                () -> {
                  int i = 0;
                  while (posting.get()) {
                    Api.Response r =
                        api.post("/send-message/")
                            .json(
                                "{\"api_key\": \""
                                    + KEY
                                    + "\", \"phone\": \"+97250123"
                                    + String.format("%04d", i++ % 10_000)
                                    + "\", \"text\": \"during an outage\"}")
                            .send();
                    Long id = r.status() == 201 ? r.json().get("id").getAsLong() : null;
                    answers.add(
                        new Answer(
                            r.status(), r.header("Content-Type"), id, System.currentTimeMillis()));
                    sleep(10);
                  }
                });
        client.start();

        await("requests accepted before the outage")
            .atMost(Duration.ofMinutes(2))
            .until(() -> count(answers, 201) >= 20);
        proxy.cut();
        long cutAt = System.currentTimeMillis();
        await("503 answers during the outage")
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    answers.stream().filter(a -> a.status() == 503 && a.atMillis() > cutAt).count()
                        >= 3);
        await("the worker notices the outage")
            .atMost(Duration.ofMinutes(2))
            .until(() -> !workerReachesTheDatabase(api));
        Api.Response ready = api.get("/health/ready").send();
        assertEquals(503, ready.status(), ready.body());
        assertEquals(
            "down",
            ready
                .json()
                .getAsJsonObject("checks")
                .getAsJsonObject("database")
                .get("status")
                .getAsString());
        assertEquals(200, api.get("/health/live").send().status());

        proxy.restore();
        long restoredAt = System.currentTimeMillis();
        await("requests accepted again after the outage")
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    answers.stream()
                            .filter(a -> a.status() == 201 && a.atMillis() > restoredAt)
                            .count()
                        >= 20);
        posting.set(false);
        client.join();

        Set<Long> acknowledged = new HashSet<>();
        for (Answer a : answers) {
          assertTrue(a.status() == 201 || a.status() == 503, "only 201 or 503, got " + a);
          if (a.status() == 503)
            assertTrue(a.contentType().startsWith("application/problem+json"), a.toString());
          if (a.id() != null) acknowledged.add(a.id());
        }
        await("the worker drains the queue after the outage")
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    db.dsl()
                            .fetchCount(
                                MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.in("pending", "sending"))
                        == 0);
        Set<Long> stored =
            new HashSet<>(
                db.dsl().select(MESSAGE_QUEUE.ID).from(MESSAGE_QUEUE).fetch(MESSAGE_QUEUE.ID));
        assertTrue(stored.containsAll(acknowledged), "every 201 is stored");
        // A commit can succeed at the server while its acknowledgement is lost in the cut: such
        // a request got 503 but its row exists. Never the other way round.
        assertTrue(stored.size() <= answers.size(), "no row without a request");
        assertEquals(
            stored.size(), db.dsl().fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.eq("sent")));
        assertEquals(200, api.get("/health/ready").send().status());
        assertTrue(workerReachesTheDatabase(api));
      }
    }
  }

  /** What the worker last saw of the database, as {@code /health/ready} reports it. */
  private static boolean workerReachesTheDatabase(Api api) {
    return api.get("/health/ready")
        .send()
        .json()
        .getAsJsonObject("checks")
        .getAsJsonObject("worker")
        .get("database_reachable")
        .getAsBoolean();
  }

  private static long count(List<Answer> answers, int status) {
    return answers.stream().filter(a -> a.status() == status).count();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
