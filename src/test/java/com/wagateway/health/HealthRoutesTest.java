package com.wagateway.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import com.wagateway.App;
import com.wagateway.support.Api;
import com.wagateway.support.ScriptedSender;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthRoutesTest {
  static TestDatabase db;

  @BeforeAll
  static void database() {
    db = TestDatabase.create(HealthRoutesTest.class);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void liveAnswers200WithoutTouchingAnything(@TempDir Path dir) {
    try (App app =
        App.serve(TestConfig.config(db, dir, Map.of()), c -> ScriptedSender.alwaysSent())) {
      Api.Response r = new Api(app.httpPort()).get("/health/live").send();
      assertEquals(200, r.status());
      assertEquals("up", r.json().get("status").getAsString());
      assertEquals("no-store", r.header("Cache-Control"));
    }
  }

  @Test
  void readyReportsDatabaseMigrationsSessionAndWorker(@TempDir Path dir) {
    try (App app =
        App.serve(TestConfig.config(db, dir, Map.of()), c -> ScriptedSender.alwaysSent())) {
      Api.Response r = new Api(app.httpPort()).get("/health/ready").send();

      assertEquals(200, r.status(), r.body());
      assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
      JsonObject body = r.json();
      assertEquals("ready", body.get("status").getAsString());
      JsonObject checks = body.getAsJsonObject("checks");
      assertEquals("up", checks.getAsJsonObject("database").get("status").getAsString());
      assertEquals("up", checks.getAsJsonObject("migrations").get("status").getAsString());
      assertEquals("ready", checks.getAsJsonObject("whatsapp").get("state").getAsString());
      assertFalse(checks.getAsJsonObject("worker").get("sending").getAsBoolean());
      assertEquals(true, checks.getAsJsonObject("worker").get("database_reachable").getAsBoolean());
    }
  }

  @Test
  void sessionNotReadyIsReportedButStaysReadyByDefault(@TempDir Path dir) {
    ScriptedSender sender = ScriptedSender.alwaysSent();
    sender.setReady(false);
    try (App app = App.serve(TestConfig.config(db, dir, Map.of()), c -> sender)) {
      Api.Response r = new Api(app.httpPort()).get("/health/ready").send();

      assertEquals(200, r.status(), r.body());
      JsonObject whatsapp = r.json().getAsJsonObject("checks").getAsJsonObject("whatsapp");
      assertEquals("down", whatsapp.get("status").getAsString());
      assertEquals("logged_out", whatsapp.get("state").getAsString());
    }
  }

  @Test
  void sessionNotReadyAnswers503WhenReadinessRequiresIt(@TempDir Path dir) {
    ScriptedSender sender = ScriptedSender.alwaysSent();
    sender.setReady(false);
    try (App app =
        App.serve(
            TestConfig.config(db, dir, Map.of("WA_READY_REQUIRES_WHATSAPP", "true")),
            c -> sender)) {
      Api api = new Api(app.httpPort());
      Api.Response r = api.get("/health/ready").send();
      assertEquals(503, r.status(), r.body());
      assertEquals("not_ready", r.json().get("status").getAsString());

      sender.setReady(true);
      assertEquals(200, api.get("/health/ready").send().status());
    }
  }
}
