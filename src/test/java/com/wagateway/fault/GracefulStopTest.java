package com.wagateway.fault;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.ProcessTest;
import com.wagateway.support.ServiceProcess;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM (docker stop, systemctl stop) while a message is in the sender's hands. */
@ProcessTest
class GracefulStopTest {
  private static final String KEY = "stop-key-secret-98765";
  private static final String TEXT = "confidential words 4711";

  @Test
  void sigtermDuringASendFinishesTheMessageInHandAndLeavesNothingSending(@TempDir Path dir)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(GracefulStopTest.class)) {
      DSLContext dsl = db.dsl();
      new ClientService(dsl).create("stop", KEY);
      Map<String, String> env = env(db, dir);
      // Long enough that the message seen in the sender's hands is still there at the SIGTERM on
      // a loaded machine.
      env.put("WA_LOG_SENDER_DELAY", "5s");
      try (ServiceProcess service = ServiceProcess.start("stop", env, dir)) {
        service.awaitReady(ServiceProcess.STARTUP);
        Api api = new Api(service.port());
        List<Long> ids = post(api, 5);
        await("a message is being sent")
            .atMost(Duration.ofMinutes(2))
            .until(() -> dsl.fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.eq("sending")) > 0);
        await("the message in the sender's hands")
            .atMost(Duration.ofMinutes(2))
            .until(() -> sending(api));

        service.terminate(Duration.ofSeconds(60));

        assertEquals(
            0,
            dsl.fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.eq("sending")),
            "nothing left sending");
        assertEquals(
            "sent",
            dsl.select(MESSAGE_QUEUE.STATUS)
                .from(MESSAGE_QUEUE)
                .where(MESSAGE_QUEUE.ID.eq(ids.get(0)))
                .fetchOne(MESSAGE_QUEUE.STATUS),
            "the message in hand finished");
        assertTrue(service.log().contains("Message " + ids.get(0) + " sent"), service.log());
        // The rest of the claimed batch went back unsent, its attempt not counted.
        assertEquals(
            ids.size() - 1,
            dsl.fetchCount(
                MESSAGE_QUEUE,
                MESSAGE_QUEUE.STATUS.eq("pending").and(MESSAGE_QUEUE.ATTEMPTS.eq(0))));
      }
    }
  }

  @Test
  void jsonLogsHaveOneLinePerSentMessageWithItsIdAndNeverItsTextOrKey(@TempDir Path dir)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(GracefulStopTest.class)) {
      DSLContext dsl = db.dsl();
      new ClientService(dsl).create("json", KEY);
      Map<String, String> env = env(db, dir);
      env.put("WA_LOG_FORMAT", "json");
      try (ServiceProcess service = ServiceProcess.start("json", env, dir)) {
        service.awaitReady(ServiceProcess.STARTUP);
        List<Long> ids = post(new Api(service.port()), 3);
        await("messages sent")
            .atMost(Duration.ofMinutes(2))
            .until(() -> dsl.fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.eq("sent")) == 3);
        service.terminate(Duration.ofSeconds(60));

        String log = service.log();
        assertTrue(
            !log.contains(TEXT) && !log.contains(KEY), "neither text nor key is logged:\n" + log);
        List<String> sentLines = new ArrayList<>();
        for (String line : log.split("\n")) {
          if (line.isBlank()) continue;
          JsonObject entry;
          try {
            entry = JsonParser.parseString(line).getAsJsonObject();
          } catch (RuntimeException e) {
            throw new AssertionError("Not a JSON line: " + line + "\nin:\n" + log, e);
          }
          String message = entry.get("formattedMessage").getAsString();
          if (entry.get("loggerName").getAsString().endsWith("QueueWorker")
              && message.matches("Message \\d+ sent .*")) {
            sentLines.add(message);
          }
        }
        assertEquals(3, sentLines.size(), sentLines.toString());
        for (long id : ids) {
          assertEquals(
              1, sentLines.stream().filter(l -> l.startsWith("Message " + id + " sent")).count());
        }
      }
    }
  }

  /** Whether a message is in the sender's hands, as {@code /health/ready} reports it. */
  private static boolean sending(Api api) {
    return api.get("/health/ready")
        .send()
        .json()
        .getAsJsonObject("checks")
        .getAsJsonObject("worker")
        .get("sending")
        .getAsBoolean();
  }

  private static List<Long> post(Api api, int n) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Api.Response r =
          api.post("/send-message/")
              .json(
                  "{\"api_key\": \""
                      + KEY
                      + "\", \"phone\": \"+97250123456"
                      + i
                      + "\", \"text\": \""
                      + TEXT
                      + "\"}")
              .send();
      assertEquals(201, r.status(), r.body());
      ids.add(r.json().get("id").getAsLong());
    }
    return ids;
  }

  private static Map<String, String> env(TestDatabase db, Path dir) {
    Map<String, String> env = TestConfig.env(db, dir);
    env.put("WA_WORKER_POLL_INTERVAL", "200ms");
    env.put("WA_DATABASE_POOL_SIZE", "2");
    env.put("WA_WORKER_DATABASE_POOL_SIZE", "2");
    return env;
  }
}
