package com.wagateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer (Debian's package) in transaction mode in front of a test database, started as a
 * process from an ini file in a temporary directory, on a free port of the loopback address.
 */
public final class PgBouncer implements AutoCloseable {
  private static final List<Path> PLACES =
      List.of(Path.of("/usr/sbin/pgbouncer"), Path.of("/usr/bin/pgbouncer"));

  private final Process process;
  private final int port;
  private final String database;
  private final String query;
  private final Path dir;

  private PgBouncer(Process process, int port, String database, String query, Path dir) {
    this.process = process;
    this.port = port;
    this.database = database;
    this.query = query;
    this.dir = dir;
  }

  /** The binary, when installed (apt-get install pgbouncer). */
  public static Optional<Path> binary() {
    return PLACES.stream().filter(Files::isExecutable).findFirst();
  }

  /**
   * Starts PgBouncer with {@code serverConnections} server connections for {@code db}, so the
   * service's many client connections share a few server ones, as in production.
   */
  public static PgBouncer inFrontOf(TestDatabase db, int serverConnections) {
    Path binary =
        binary().orElseThrow(() -> new IllegalStateException("pgbouncer is not installed"));
    URI uri = URI.create(db.url().substring("jdbc:".length()));
    String name = uri.getPath().substring(1);
    Map<String, String> params = parameters(uri.getRawQuery());
    String user = params.getOrDefault("user", "postgres");
    try {
      Path dir = Files.createTempDirectory("pgbouncer");
      int port = freePort();
      String server =
          "host="
              + uri.getHost()
              + " port="
              + uri.getPort()
              + " dbname="
              + name
              + (params.containsKey("password") ? " password=" + params.get("password") : "");
      Files.writeString(
          dir.resolve("pgbouncer.ini"),
          String.join(
              "\n",
              "[databases]",
              name + " = " + server,
              "[pgbouncer]",
              "listen_addr = 127.0.0.1",
              "listen_port = " + port,
              "unix_socket_dir =",
              "auth_type = trust",
              "auth_file = " + dir.resolve("userlist.txt"),
              "pool_mode = transaction",
              "default_pool_size = " + serverConnections,
              "max_client_conn = 500",
              // pgjdbc sends these at start-up; PgBouncer refuses unknown start-up parameters.
              "ignore_startup_parameters = extra_float_digits,options",
              ""));
      Files.writeString(dir.resolve("userlist.txt"), "\"" + user + "\" \"\"\n");
      // PgBouncer refuses to run as root; it then switches to the user named by -u.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      List<String> command = new ArrayList<>(List.of(binary.toString()));
      if ("root".equals(System.getProperty("user.name"))) command.addAll(List.of("-u", "nobody"));
      command.add(dir.resolve("pgbouncer.ini").toString());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("pgbouncer.log").toFile())
              .start();
      PgBouncer bouncer =
          new PgBouncer(
              process, port, name, uri.getRawQuery() == null ? "" : uri.getRawQuery(), dir);
      await("PgBouncer listening on port " + port)
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> accepts(port) || !process.isAlive());
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "PgBouncer did not start: " + Files.readString(dir.resolve("pgbouncer.log")));
      }
      return bouncer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JDBC URL to the test database through PgBouncer (no pooler settings of its own). */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:"
        + port
        + "/"
        + database
        + (query.isEmpty() ? "" : "?" + query);
  }

  /** What PgBouncer wrote, for a failure message. */
  public String log() {
    try {
      return Files.readString(dir.resolve("pgbouncer.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static Map<String, String> parameters(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query == null) return params;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) params.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return params;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
