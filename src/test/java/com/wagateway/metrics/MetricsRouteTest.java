package com.wagateway.metrics;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.queue.SendResult;
import com.wagateway.support.Api;
import com.wagateway.support.Messages;
import com.wagateway.support.ScriptedSender;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsRouteTest {

  @Test
  void metricsShowQueueSendsHttpRoutesPoolsAndSessionInPrometheusText(@TempDir Path dir)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(MetricsRouteTest.class)) {
      new ClientService(db.dsl()).create("metrics", "metrics-key-1");
      // The second message is for a number that is not on WhatsApp: a permanent failure.
      ScriptedSender sender =
          new ScriptedSender(
              m ->
                  m.phone().endsWith("9")
                      ? SendResult.permanent(m.phone() + " is not on WhatsApp")
                      : SendResult.sent());
      try (App app = App.serve(TestConfig.config(db, dir, Map.of()), c -> sender)) {
        Api api = new Api(app.httpPort());
        long sent = post(api, "+972501234567");
        long failed = post(api, "+972501234569");
        assertEquals(
            200,
            api.get("/messages/" + sent)
                .header("Authorization", "Bearer metrics-key-1")
                .send()
                .status());
        assertEquals(404, api.get("/no/such/route").unchecked().send().status());
        awaitFinished(db, 2);

        Api.Response r = api.get("/metrics").send();

        assertEquals(200, r.status());
        assertTrue(
            r.header("Content-Type").startsWith("text/plain; version=0.0.4"),
            r.header("Content-Type"));
        String text = r.body();
        assertEquals(1.0, value(text, "wa_messages{status=\"sent\"}"));
        assertEquals(1.0, value(text, "wa_messages{status=\"failed\"}"));
        assertEquals(0.0, value(text, "wa_messages{status=\"pending\"}"));
        assertEquals(0.0, value(text, "wa_queue_oldest_due_age_seconds"));
        assertEquals(1.0, value(text, "wa_sends_total{result=\"sent\"}"));
        assertEquals(1.0, value(text, "wa_sends_total{result=\"failed\"}"));
        assertEquals(
            2.0,
            value(text, "wa_send_duration_seconds_count{result=\"sent\"}")
                + value(text, "wa_send_duration_seconds_count{result=\"failed\"}"));
        assertTrue(value(text, "wa_claim_duration_seconds_count") >= 1);
        assertEquals(
            2.0,
            value(
                text,
                "wa_http_request_duration_seconds_count"
                    + "{method=\"POST\",route=\"/send-message/\",status=\"201\"}"));
        // The template, not /messages/<id>: one series however many messages exist.
        assertEquals(
            1.0,
            value(
                text,
                "wa_http_request_duration_seconds_count"
                    + "{method=\"GET\",route=\"/messages/{id}\",status=\"200\"}"));
        assertEquals(
            1.0,
            value(
                text,
                "wa_http_request_duration_seconds_count"
                    + "{method=\"GET\",route=\"unmatched\",status=\"404\"}"));
        assertEquals(10.0, value(text, "wa_db_pool_connections{pool=\"wa-api\",state=\"max\"}"));
        assertEquals(3.0, value(text, "wa_db_pool_connections{pool=\"wa-worker\",state=\"max\"}"));
        assertEquals(1.0, value(text, "wa_whatsapp_session{state=\"ready\"}"));
        assertEquals(1.0, value(text, "wa_whatsapp_session_ready"));
        assertTrue(value(text, "process_resident_memory_bytes") > 0);
        assertTrue(value(text, "jvm_memory_used_bytes{area=\"heap\"}") > 0);
      }
    }
  }

  @Test
  void oldestDueAgeCountsOnlyDuePendingMessages(@TempDir Path dir) {
    try (TestDatabase db = TestDatabase.create(MetricsRouteTest.class)) {
      Messages messages = new Messages(db, "age");
      long due = messages.enqueue("+972501234567", "due");
      messages.enqueue("+972501234567", "later", OffsetDateTime.now().plusHours(1));
      db.dsl()
          .update(MESSAGE_QUEUE)
          .set(MESSAGE_QUEUE.SEND_AT, OffsetDateTime.now().minusMinutes(10))
          .where(MESSAGE_QUEUE.ID.eq(due))
          .execute();
      ScriptedSender notReady = ScriptedSender.alwaysSent();
      notReady.setReady(false);
      try (App app = App.serve(TestConfig.config(db, dir, Map.of()), c -> notReady)) {
        String text = new Api(app.httpPort()).get("/metrics").send().body();
        double age = value(text, "wa_queue_oldest_due_age_seconds");
        assertTrue(age >= 590 && age < 700, "age " + age);
        assertEquals(2.0, value(text, "wa_messages{status=\"pending\"}"));
        assertEquals(0.0, value(text, "wa_whatsapp_session_ready"));
      }
    }
  }

  private static long post(Api api, String phone) {
    Api.Response r =
        api.post("/send-message/")
            .json(
                "{\"api_key\": \"metrics-key-1\", \"phone\": \"" + phone + "\", \"text\": \"hi\"}")
            .send();
    assertEquals(201, r.status(), r.body());
    return r.json().get("id").getAsLong();
  }

  private static void awaitFinished(TestDatabase db, int n) {
    await("messages finished")
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                db.dsl().fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.in("sent", "failed")) >= n);
  }

  /** The sample value on the line that starts with {@code series} (name and labels, exactly). */
  static double value(String exposition, String series) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(exposition);
    if (!m.find()) {
      throw new AssertionError(
          "No sample "
              + series
              + " in:\n"
              + Arrays.stream(exposition.split("\n"))
                  .filter(l -> l.startsWith(series.replaceAll("[{_].*", "")))
                  .reduce("", (a, b) -> a + b + "\n"));
    }
    return Double.parseDouble(m.group(1));
  }
}
