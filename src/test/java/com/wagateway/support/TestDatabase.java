package com.wagateway.support;

import com.wagateway.db.Database;
import com.wagateway.db.EmbeddedDatabase;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * A fresh, migrated database for one test class, copied from one migrated once per test run. The
 * server is the embedded PostgreSQL, started once per test run, or the one named by {@code
 * WA_TEST_DATABASE_URL} (a JDBC URL to a database on it whose user may create databases).
 */
public final class TestDatabase implements AutoCloseable {
  private static String serverUrl;
  private static EmbeddedPostgres embedded;
  private static String template;

  private final String name;
  private final String url;
  private final HikariDataSource dataSource;

  private TestDatabase(String name, String url) {
    this.name = name;
    this.url = url;
    this.dataSource = Database.pool("test-" + name, url, null, null, 20, 5_000);
  }

  /** Creates a new database with the schema applied, named after the test class. */
  public static TestDatabase create(Class<?> testClass) {
    String name =
        ("t_" + testClass.getSimpleName() + "_" + UUID.randomUUID().toString().substring(0, 8))
            .toLowerCase(Locale.ROOT);
    String server = server();
    String template = template(server);
    createDatabase(server, name, template);
    return new TestDatabase(name, withDatabase(server, name));
  }

  /**
   * The migrated database every test class's database is copied from: the migrations run once per
   * test run instead of once per class (the copy, PostgreSQL's CREATE DATABASE ... TEMPLATE, is
   * what a plain CREATE DATABASE does with template1 anyway). The copy holds the schema and
   * Flyway's history, so a service started on it finds its migrations applied, as on a database it
   * migrated itself.
   */
  private static synchronized String template(String server) {
    if (template != null) return template;
    String name = ("t_template_" + UUID.randomUUID().toString().substring(0, 8));
    createDatabase(server, name, "template1");
    // No connection may stay open on a template while it is copied: the pool is closed here.
    try (HikariDataSource pool =
        Database.pool("test-template", withDatabase(server, name), null, null, 2, 5_000)) {
      Database.migrate(pool);
    }
    template = name;
    return template;
  }

  private static void createDatabase(String server, String name, String template) {
    try (Connection c = DriverManager.getConnection(server);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create test database on " + server + ": " + e.getMessage(), e);
    }
  }

  /** A JDBC URL (user included) to this database, for a service under test. */
  public String url() {
    return url;
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  public DSLContext dsl() {
    return Database.dsl(dataSource);
  }

  /** A separate pool on the same database, as a second service instance would have. */
  public HikariDataSource newPool(String poolName, int size) {
    return Database.pool(poolName, url, null, null, size, 5_000);
  }

  @Override
  public void close() {
    dataSource.close();
  }

  private static synchronized String server() {
    if (serverUrl != null) return serverUrl;
    String configured = System.getenv("WA_TEST_DATABASE_URL");
    if (configured != null && !configured.isBlank()) {
      serverUrl =
          configured.contains("user=")
              ? configured
              : configured + (configured.contains("?") ? "&" : "?") + "user=postgres";
      return serverUrl;
    }
    try {
      embedded =
          EmbeddedPostgres.builder()
              .setServerConfig("max_connections", "300")
              .setPGStartupWait(EmbeddedDatabase.STARTUP_WAIT)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "The embedded PostgreSQL for tests did not start; set"
              + " WA_TEST_DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres to"
              + " use a server",
          e);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    embedded.close();
                  } catch (IOException ignored) {
                    // the JVM is going away
                  }
                }));
    serverUrl = "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres?user=postgres";
    return serverUrl;
  }

  private static String withDatabase(String serverUrl, String database) {
    int slash = serverUrl.indexOf('/', "jdbc:postgresql://".length());
    int query = serverUrl.indexOf('?');
    return serverUrl.substring(0, slash + 1)
        + database
        + (query >= 0 ? serverUrl.substring(query) : "");
  }
}
