package com.wagateway.db;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.Api;
import com.wagateway.support.ProcessTest;
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
@ProcessTest
class OrphanDatabaseTest {
  private static final String ADMIN = "orphan-test-admin-token-0123456789abcdef";

  @Test
  void aKilledServerTakesItsDatabaseDown(@TempDir Path dir) throws Exception {
    try (ServiceProcess server = ServiceProcess.start("killed", env(dir), dir)) {
      server.awaitReady(ServiceProcess.STARTUP);
      assertTrue(
          server.log().contains("Data directory: " + dir.toAbsolutePath()),
          "the server says where its data is");
      Postmaster postmaster = Postmaster.recordedIn(dir.resolve("postgres")).orElseThrow();
      assertTrue(postmaster.running());

      server.kill();

      await("the orphaned PostgreSQL to stop")
          .atMost(Duration.ofMinutes(2))
          .until(() -> !postmaster.running());
    }
  }

  @Test
  void aServerStopsTheDatabaseADeadServerLeftAndStartsItAnew(@TempDir Path dir) throws Exception {
    Postmaster orphan;
    String key;
    try (ServiceProcess first = ServiceProcess.start("first", env(dir), dir)) {
      first.awaitReady(ServiceProcess.STARTUP);
      key =
          new Api(first.port())
              .post("/admin/clients")
              .key(ADMIN)
              .json(Api.obj("name", "kept"))
              .send()
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
      await("the database to outlive its server: the case under test")
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofMinutes(2))
          .until(orphan::running);
    }

    try (ServiceProcess second = ServiceProcess.start("second", env(dir), dir)) {
      second.awaitReady(ServiceProcess.STARTUP);
      assertTrue(!orphan.running(), "the orphan was stopped, not adopted");
      Postmaster fresh = Postmaster.recordedIn(dir.resolve("postgres")).orElseThrow();
      assertNotEquals(orphan.pid(), fresh.pid());
      assertTrue(second.log().contains("outlived the gateway that started it"), second.log());
      assertEquals(200, new Api(second.port()).get("/messages").key(key).send().status());
      second.terminate(Duration.ofSeconds(30));
      await("the database to stop with its server")
          .atMost(Duration.ofMinutes(2))
          .until(() -> !fresh.running());
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
