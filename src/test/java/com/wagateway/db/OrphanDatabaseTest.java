package com.wagateway.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.Await;
import com.wagateway.support.Http;
import com.wagateway.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL never outlives the server that started it: killed with SIGKILL, the
 * server takes its database down with it; a database that a dead server left running anyway (its
 * watchdog killed too, or a version without one) is stopped and started anew by the next server,
 * not adopted.
 */
class OrphanDatabaseTest {
  private static final String ADMIN = "orphan-test-admin-token-0123456789abcdef";

  @Test
  void aKilledServerTakesItsDatabaseDown(@TempDir Path dir) throws Exception {
    try (ServiceProcess server = ServiceProcess.start("killed", env(dir), dir)) {
      server.awaitReady(Duration.ofSeconds(60));
      assertTrue(
          server.log().contains("Data directory: " + dir.toAbsolutePath()),
          "the server says where its data is");
      Postmaster postmaster = Postmaster.recordedIn(dir.resolve("postgres")).orElseThrow();
      assertTrue(postmaster.running());

      server.kill();

      Await.until(() -> !postmaster.running(), 15_000, "the orphaned PostgreSQL to stop");
    }
  }

  @Test
  void aServerStopsTheDatabaseADeadServerLeftAndStartsItAnew(@TempDir Path dir) throws Exception {
    Postmaster orphan;
    String key;
    try (ServiceProcess first = ServiceProcess.start("first", env(dir), dir)) {
      first.awaitReady(Duration.ofSeconds(60));
      Http http = new Http(first.port());
      key =
          http.postJson(
                  "/admin/clients", "{\"name\": \"kept\"}", "Authorization", "Bearer " + ADMIN)
              .json()
              .get("api_key")
              .getAsString();
      orphan = Postmaster.recordedIn(dir.resolve("postgres")).orElseThrow();
      // Whatever watches over the database dies first, as with a version that had no watchdog.
      ProcessHandle.of(first.pid())
          .orElseThrow()
          .children()
          .forEach(ProcessHandle::destroyForcibly);
      first.kill();
      Thread.sleep(1_000);
      assertTrue(orphan.running(), "the database outlived its server: the case under test");
    }

    try (ServiceProcess second = ServiceProcess.start("second", env(dir), dir)) {
      second.awaitReady(Duration.ofSeconds(60));
      assertTrue(!orphan.running(), "the orphan was stopped, not adopted");
      Postmaster fresh = Postmaster.recordedIn(dir.resolve("postgres")).orElseThrow();
      assertNotEquals(orphan.pid(), fresh.pid());
      assertTrue(second.log().contains("outlived the gateway that started it"), second.log());
      assertEquals(
          200, new Http(second.port()).get("/messages", "Authorization", "Bearer " + key).status());
      second.terminate(Duration.ofSeconds(30));
      Await.until(() -> !fresh.running(), 15_000, "the database to stop with its server");
    }
  }

  private static Map<String, String> env(Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("WA_DATA_DIR", dir.toString());
    env.put("WA_HTTP_HOST", "127.0.0.1");
    env.put("WA_HTTP_PORT", "0");
    env.put("WA_SENDER", "log");
    env.put("WA_ADMIN_TOKEN", ADMIN);
    return env;
  }
}
