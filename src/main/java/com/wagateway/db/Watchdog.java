package com.wagateway.db;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the embedded PostgreSQL when the process that started it dies, however it dies: a small
 * shell process reads a pipe whose only writer is this JVM. The kernel closes that pipe when the
 * JVM exits, even on SIGKILL or a crash; the read returns and the shell sends the server a fast
 * shutdown, unless {@code postmaster.pid} shows the server already gone or replaced.
 */
final class Watchdog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Watchdog.class);
  private static final String SCRIPT =
      "read -r _ignored\n"
          + "[ \"$(head -n 1 \"$2/postmaster.pid\" 2>/dev/null)\" = \"$1\" ] || exit 0\n"
          + "[ \"$(cat \"/proc/$1/comm\" 2>/dev/null)\" = postgres ] || exit 0\n"
          + "kill -INT \"$1\"\n";

  private final Process process;

  private Watchdog(Process process) {
    this.process = process;
  }

  /** Watches over the server {@code postmaster} on {@code dataDir}; null when it cannot start. */
  static Watchdog start(Postmaster postmaster, Path dataDir) {
    try {
      Process p =
          new ProcessBuilder(
                  "sh",
                  "-c",
                  SCRIPT,
                  "wa-db-watchdog",
                  Long.toString(postmaster.pid()),
                  dataDir.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return new Watchdog(p);
    } catch (IOException e) {
      log.warn(
          "Could not start the watchdog of the embedded PostgreSQL ({}): if this process is killed,"
              + " the next start stops the server it leaves behind",
          e.getMessage());
      return null;
    }
  }

  /** After the server stopped: lets the watchdog find nothing to do, and end. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      process.destroy();
    }
  }
}
