package com.wagateway.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-configuration database: a PostgreSQL whose data stays in {@code dataDir/postgres}.
 *
 * <p>One process owns it: the one that started it holds a lock on {@code epg-lock} in the data
 * directory for as long as it lives (the kernel drops the lock when it dies, even by SIGKILL), and
 * a {@link Watchdog} stops the server when that process dies. Another process on the same directory
 * (the CLI while the server runs, or {@code docker run ... client list} beside a running container
 * on the same volume) attaches through the Unix socket in the data directory, which works across
 * containers. A server left running by a dead owner is stopped and started anew, never adopted.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final String OWNER_LOCK = "epg-lock";
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /** How long a start may take before it is reported as failed. */
  public static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  // The longest path a Unix socket address takes (108 bytes on Linux, with its terminating NUL).
  private static final int MAX_SOCKET_PATH = 107;

  /** Who opens the database: the server may create it; a command never does. */
  public enum Role {
    SERVER,
    COMMAND
  }

  private final EmbeddedPostgres owned;
  private final Watchdog watchdog;
  private final String jdbcUrl;
  private final String description;

  private EmbeddedDatabase(
      EmbeddedPostgres owned, Watchdog watchdog, String jdbcUrl, String description) {
    this.owned = owned;
    this.watchdog = watchdog;
    this.jdbcUrl = jdbcUrl;
    this.description = description;
  }

  /** Opens the database in {@code directory} for {@code role}; see the class comment. */
  public static EmbeddedDatabase open(Path directory, Role role) {
    Path dir = directory.toAbsolutePath().normalize();
    boolean exists = Files.isRegularFile(dir.resolve("PG_VERSION"));
    if (!exists) {
      if (role == Role.COMMAND) throw new DatabaseUnavailableException(noDatabase(dir), null);
      refuseToHideAnOldDatabase(dir);
      return start(dir, role);
    }
    if (ownerAlive(dir)) {
      if (role == Role.SERVER) {
        throw new DatabaseUnavailableException(
            "The embedded PostgreSQL in "
                + dir
                + " belongs to another gateway process that is running: stop it first, or give"
                + " this server its own WA_DATA_DIR.",
            null);
      }
      return attach(dir);
    }
    Optional<Postmaster> orphan = Postmaster.recordedIn(dir).filter(Postmaster::running);
    if (orphan.isPresent()) {
      log.warn(
          "The embedded PostgreSQL in {} (pid {}) outlived the gateway that started it; stopping"
              + " it to start it anew",
          dir,
          orphan.get().pid());
      try {
        orphan.get().stop(STOP_GRACE);
      } catch (IOException e) {
        throw new DatabaseUnavailableException(
            "Could not stop the PostgreSQL (pid "
                + orphan.get().pid()
                + ") left running on "
                + dir
                + ": "
                + e.getMessage()
                + ". Stop it by hand (kill -INT "
                + orphan.get().pid()
                + ").",
            e);
      }
    }
    return start(dir, role);
  }

  private static EmbeddedDatabase start(Path dir, Role role) {
    try {
      Files.createDirectories(dir.getParent());
      long started = System.nanoTime();
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir.toFile())
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              // The embedding library's defaults trade durability for test speed (-F turns fsync
              // off, and it sets synchronous_commit=off): a 201 could be lost to a power cut.
              // PostgreSQL's own defaults, restated so that no later change of the library
              // quietly undoes them.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              // Relative to the data directory: a process on the same volume finds the socket
              // where it finds the data, whatever network it is on.
              .setServerConfig("unix_socket_directories", ".")
              .setServerConfig("unix_socket_permissions", "0700")
              // The library gives up after 10 s: too short for a small VPS that is busy, or a
              // start that first replays WAL after a crash (seen at 10 s on two busy cores).
              .setPGStartupWait(STARTUP_WAIT)
              .start();
      Postmaster postmaster = Postmaster.recordedIn(dir).orElse(new Postmaster(-1, pg.getPort()));
      Watchdog watchdog = postmaster.pid() > 0 ? Watchdog.start(postmaster, dir) : null;
      String description = "the embedded PostgreSQL in " + dir;
      if (role == Role.COMMAND) {
        description += " (started for this command: no server is running on it)";
        List<Path> others = Postmaster.runningEmbeddedDataDirectories();
        others.remove(dir);
        if (!others.isEmpty()) {
          description +=
              ". Note: a gateway's embedded PostgreSQL is running with data in "
                  + others.get(0)
                  + "; if that is the server you meant, set WA_DATA_DIR="
                  + others.get(0).getParent();
        }
      }
      log.info(
          "Embedded PostgreSQL started in {} ms with data in {} (port {})",
          (System.nanoTime() - started) / 1_000_000,
          dir,
          pg.getPort());
      return new EmbeddedDatabase(
          pg, watchdog, "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", description);
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

  /** Connects to the server another process owns: its socket first, then its TCP port. */
  private static EmbeddedDatabase attach(Path dir) {
    Postmaster postmaster = awaitPostmaster(dir);
    List<String> urls = new ArrayList<>();
    Path socket = postmaster.socketIn(dir);
    if (Files.exists(socket) && socket.toString().length() <= MAX_SOCKET_PATH) {
      urls.add(
          "jdbc:postgresql://localhost:"
              + postmaster.port()
              + "/postgres?socketFactory="
              + UnixSocketFactory.class.getName()
              + "&socketFactoryArg="
              + URLEncoder.encode(socket.toString(), StandardCharsets.UTF_8));
    }
    urls.add("jdbc:postgresql://127.0.0.1:" + postmaster.port() + "/postgres");
    List<String> failures = new ArrayList<>();
    for (String url : urls) {
      Optional<String> problem = servesDirectory(url, dir);
      if (problem.isEmpty()) {
        log.debug("Using the embedded PostgreSQL that another process runs on {}", dir);
        return new EmbeddedDatabase(
            null,
            null,
            url,
            "the embedded PostgreSQL in " + dir + " (attached: the server that runs it owns it)");
      }
      failures.add(problem.get());
    }
    throw new DatabaseUnavailableException(
        "The embedded PostgreSQL in "
            + dir
            + " is owned by a running process but cannot be reached ("
            + String.join("; ", failures)
            + "). Run the command where the server runs (docker exec, or the same machine).",
        null);
  }

  private static Postmaster awaitPostmaster(Path dir) {
    // The owner may be starting it this very moment.
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      Optional<Postmaster> recorded = Postmaster.recordedIn(dir);
      if (recorded.isPresent() || System.nanoTime() > deadline) {
        return recorded.orElseThrow(
            () ->
                new DatabaseUnavailableException(
                    "The embedded PostgreSQL in " + dir + " has an owner but is not running",
                    null));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DatabaseUnavailableException("Interrupted", e);
      }
    }
  }

  /** Empty when {@code url} reaches the server whose data is {@code dir}; else what went wrong. */
  private static Optional<String> servesDirectory(String url, Path dir) {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("connectTimeout", "5");
    try (Connection c = DriverManager.getConnection(url, props);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW data_directory")) {
      rs.next();
      Path served = Path.of(rs.getString(1));
      return sameFile(served, dir)
          ? Optional.empty()
          : Optional.of(url.replaceAll("\\?.*", "") + " serves " + served + " instead");
    } catch (SQLException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.normalize().equals(b.normalize());
    }
  }

  /**
   * Whether a live process holds the owner's lock. The lock is the kernel's: it holds across
   * containers sharing a volume, and it is gone the moment its holder dies.
   */
  private static boolean ownerAlive(Path dir) {
    try (FileChannel channel =
        FileChannel.open(
            dir.resolve(OWNER_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) return true;
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // this very process owns it
    } catch (IOException e) {
      throw new DatabaseUnavailableException(
          "Cannot use the embedded PostgreSQL's data in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String noDatabase(Path dir) {
    List<Path> running = Postmaster.runningEmbeddedDataDirectories();
    running.remove(dir);
    return "There is no database in "
        + dir
        + ", and a command does not create an empty one (the server would not see what it"
        + " stores). "
        + whereToLook(running);
  }

  /** Where the operator's database may be, from the embedded servers running on this host. */
  private static String whereToLook(List<Path> running) {
    if (running.isEmpty()) {
      return "Start the server first (java -jar whatsapp-api.jar serve creates it and prints the"
          + " data directory it uses), and give commands the same WA_DATA_DIR.";
    }
    if (running.size() == 1) {
      return "A gateway's embedded PostgreSQL is running with data in "
          + running.get(0)
          + ": run this command with WA_DATA_DIR="
          + running.get(0).getParent()
          + ".";
    }
    // Several gateways on one host: naming one would send the operator to whichever the process
    // table lists first.
    return "Gateways' embedded PostgreSQL servers are running with data in "
        + running.stream().map(Path::toString).collect(Collectors.joining(", "))
        + ": run this command with the WA_DATA_DIR of the one you mean ("
        + running.stream()
            .map(d -> "WA_DATA_DIR=" + d.getParent())
            .collect(Collectors.joining(", "))
        + ").";
  }

  /**
   * Earlier versions kept the data in ./data of whatever directory the server started in. A first
   * start in the new place while such a database exists would hide every client and message.
   */
  private static void refuseToHideAnOldDatabase(Path dir) {
    Path old = Path.of("data", "postgres").toAbsolutePath().normalize();
    if (!old.equals(dir) && Files.isRegularFile(old.resolve("PG_VERSION"))) {
      throw new DatabaseUnavailableException(
          "There is no database in "
              + dir
              + " yet, but there is one in "
              + old
              + " (where earlier versions kept it, relative to the current directory). Set"
              + " WA_DATA_DIR="
              + old.getParent()
              + " to keep using it, or move it to "
              + dir
              + ".",
          null);
    }
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return "postgres";
  }

  /** Which database this is, for a person: "the embedded PostgreSQL in ... (attached ...)". */
  public String description() {
    return description;
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
    if (watchdog != null) watchdog.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
