package com.wagateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.wagateway.client.ClientService;
import com.wagateway.config.Config;
import com.wagateway.db.Database;
import com.wagateway.db.EmbeddedDatabase;
import com.wagateway.support.ProcessTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI and the server find the same database from any directory; the CLI says which database it
 * used, and never quietly starts an empty one of its own.
 */
class CliDatabaseChoiceTest {

  record Run(int exitCode, String out, String err) {}

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void theDefaultDataDirectoryIsPerUserNotPerCurrentDirectory() {
    assertEquals(
        Path.of("/home/op/.local/share/whatsapp-gateway"),
        Config.from(Map.of("HOME", "/home/op")).dataDir());
    assertEquals(
        Path.of("/srv/xdg/whatsapp-gateway"),
        Config.from(Map.of("HOME", "/home/op", "XDG_DATA_HOME", "/srv/xdg")).dataDir());
    assertEquals(
        Path.of("/home/op/.local/share/whatsapp-gateway"),
        Config.from(Map.of("HOME", "/home/op", "XDG_DATA_HOME", "relative/ignored")).dataDir(),
        "the XDG rules ignore a relative XDG_DATA_HOME");
    assertEquals(Path.of("/data"), Config.from(Map.of("WA_DATA_DIR", "/data")).dataDir());
  }

  @Test
  void aCommandSaysWhichDatabaseItUsedWithoutItsPassword(@TempDir Path dir) {
    try (TestDatabase db = TestDatabase.create(CliDatabaseChoiceTest.class)) {
      Map<String, String> env = new java.util.HashMap<>(TestConfig.env(db, dir));
      env.put("WA_DATABASE_URL", db.url() + "&password=hunter2");
      Run r = run(env, "client", "create", "told");
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.err().contains("Database: PostgreSQL at jdbc:postgresql://"), r.err());
      assertFalse(r.err().contains("hunter2"), r.err());
    }
  }

  @Test
  void aCommandDoesNotStartAnEmptyDatabase(@TempDir Path dir) {
    Run r = run(Map.of("WA_DATA_DIR", dir.toString()), "client", "create", "lost");
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("There is no database in " + dir.resolve("postgres")), r.err());
    assertFalse(Files.exists(dir.resolve("postgres").resolve("PG_VERSION")), "nothing created");
  }

  @Test
  void aCommandAttachesToTheServersDatabaseOrNamesIt(@TempDir Path serverDir, @TempDir Path other)
      throws Exception {
    try (Database server = serverDatabase(serverDir)) {
      Run attached = run(Map.of("WA_DATA_DIR", serverDir.toString()), "client", "create", "seen");
      assertEquals(0, attached.exitCode(), attached.err());
      assertTrue(attached.err().contains("attached"), attached.err());
      assertTrue(
          new ClientService(Database.dsl(server.apiPool()))
              .list().stream().anyMatch(c -> c.name().equals("seen")),
          "the server knows the client the command created");

      Run elsewhere = run(Map.of("WA_DATA_DIR", other.toString()), "client", "list");
      assertEquals(2, elsewhere.exitCode(), elsewhere.err());
      assertTrue(
          elsewhere.err().contains("WA_DATA_DIR=" + serverDir.toAbsolutePath()), elsewhere.err());
    }
  }

  /**
   * As {@code docker run -v wadata:/data ... client list} beside the running container: another PID
   * namespace, another network namespace (no 127.0.0.1 in common), the same data directory.
   */
  @Test
  @ProcessTest
  void aCommandFromAnotherContainerOnTheSameVolumeReachesTheServer(@TempDir Path dir)
      throws Exception {
    assumeTrue(canUnshare(), "needs unshare(1) with PID and network namespaces");
    try (Database server = serverDatabase(dir)) {
      new ClientService(Database.dsl(server.apiPool())).create("from-afar", null);
      List<String> command =
          new ArrayList<>(
              List.of(
                  "unshare",
                  "--pid",
                  "--fork",
                  "--mount-proc",
                  "--net",
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  "client",
                  "list"));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().keySet().removeIf(k -> k.startsWith("WA_"));
      pb.environment().put("WA_DATA_DIR", dir.toString());
      Path log = dir.resolve("cli.log");
      Process p = pb.redirectOutput(log.toFile()).start();
      // A JVM starting beside two test suites took more than a minute: a wait, not a limit.
      if (!p.waitFor(3, TimeUnit.MINUTES)) p.destroyForcibly();
      assertFalse(p.isAlive(), "the command did not finish");
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), output);
      assertTrue(output.contains("from-afar"), output);
    }
  }

  private static Database serverDatabase(Path dataDir) {
    return Database.open(
        Config.from(Map.of("WA_DATA_DIR", dataDir.toString())).database(),
        dataDir,
        EmbeddedDatabase.Role.SERVER);
  }

  private static boolean canUnshare() {
    try {
      Process p =
          new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "--net", "true")
              .redirectErrorStream(true)
              .start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
