package com.wagateway.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A PostgreSQL server process as its data directory and the process table show it: PostgreSQL's own
 * {@code postmaster.pid} names its process and port.
 */
record Postmaster(long pid, int port) {

  /** What {@code postmaster.pid} in {@code dataDir} says, when it is there and readable. */
  static Optional<Postmaster> recordedIn(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.size() < 4) return Optional.empty();
      return Optional.of(
          new Postmaster(
              Long.parseLong(lines.get(0).trim()), Integer.parseInt(lines.get(3).trim())));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether this process runs here and is a PostgreSQL server (not a reused process id). */
  boolean running() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(Postmaster::isPostgres)
        .orElse(false);
  }

  /** The Unix socket the server opened in its data directory (see EmbeddedDatabase). */
  Path socketIn(Path dataDir) {
    return dataDir.resolve(".s.PGSQL." + port);
  }

  /**
   * Fast shutdown (SIGINT: sessions are ended, the data written out), then waits for the process to
   * exit; SIGKILL after {@code grace}, which PostgreSQL recovers from at its next start.
   */
  void stop(Duration grace) throws IOException {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty()) return;
    try {
      // Java can send SIGTERM and SIGKILL only; SIGTERM would wait for every session to end.
      new ProcessBuilder("sh", "-c", "kill -INT \"$1\"", "sh", Long.toString(pid))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(10, TimeUnit.SECONDS);
      process.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      process.get().destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
  }

  /**
   * The data directories of the gateways' embedded PostgreSQL servers running on this machine
   * (named {@code .../postgres}, as the gateway names them), as far as this user can see them.
   */
  static List<Path> runningEmbeddedDataDirectories() {
    List<Path> found = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(Postmaster::isPostgres)
        .forEach(
            p -> {
              String[] args = p.info().arguments().orElse(new String[0]);
              for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals("-D")) {
                  Path dir = Path.of(args[i + 1]).toAbsolutePath().normalize();
                  if (dir.getFileName() != null
                      && dir.getFileName().toString().equals("postgres")
                      && !found.contains(dir)) found.add(dir);
                }
              }
            });
    return found;
  }

  private static boolean isPostgres(ProcessHandle process) {
    Optional<String> command = process.info().command();
    if (command.isPresent()) return command.get().endsWith("/postgres");
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "comm"))
          .trim()
          .equals("postgres");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
