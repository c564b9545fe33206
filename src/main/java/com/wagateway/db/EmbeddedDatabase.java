package com.wagateway.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-configuration database: a PostgreSQL whose data stays in {@code dataDir/postgres}.
 *
 * <p>A second process on the same data directory (the CLI while the server runs) must not start
 * another postmaster on it, so it attaches to the running one: PostgreSQL's own {@code
 * postmaster.pid} names its process and port.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres owned;
  private final int port;

  private EmbeddedDatabase(EmbeddedPostgres owned, int port) {
    this.owned = owned;
    this.port = port;
  }

  public static EmbeddedDatabase startOrAttach(Path directory) {
    Path dir = directory.toAbsolutePath();
    Optional<Integer> running = runningPort(dir);
    if (running.isPresent()) {
      log.info("Using the embedded PostgreSQL already running on {} (port {})", dir, running.get());
      return new EmbeddedDatabase(null, running.get());
    }
    try {
      Files.createDirectories(dir.getParent());
      long started = System.nanoTime();
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir.toFile())
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              .start();
      log.info(
          "Embedded PostgreSQL started in {} ms with data in {} (port {})",
          (System.nanoTime() - started) / 1_000_000,
          dir,
          pg.getPort());
      return new EmbeddedDatabase(pg, pg.getPort());
    } catch (IOException | RuntimeException e) {
      throw new DatabaseUnavailableException(
          "The embedded PostgreSQL could not start with data in "
              + dir
              + ": "
              + rootMessage(e)
              + ". Common causes: running as root where user namespaces are disabled (PostgreSQL"
              + " refuses root), a full disk, or a stale lock. Fix the cause, or set"
              + " WA_DATABASE_URL=jdbc:postgresql://host:5432/db to use a PostgreSQL server.",
          e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public String user() {
    return "postgres";
  }

  @Override
  public void close() {
    if (owned == null) return;
    try {
      owned.close();
      log.info("Embedded PostgreSQL stopped");
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }

  /** The port of a live postmaster on this directory, read from its postmaster.pid. */
  private static Optional<Integer> runningPort(Path dir) {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) return Optional.empty();
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.size() < 4) return Optional.empty();
      long pid = Long.parseLong(lines.get(0).trim());
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
