package com.wagateway.db;

import com.wagateway.config.Config;
import com.wagateway.config.ConfigCheck;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The database side of the service: where PostgreSQL is, the migrations, and two pools, so a busy
 * API cannot starve the worker of connections and the other way round.
 */
public final class Database implements AutoCloseable {
  private final EmbeddedDatabase embedded;
  private final HikariDataSource apiPool;
  private final HikariDataSource workerPool;
  private final String description;
  private final Opener opener;
  private final java.util.List<HikariDataSource> otherPools = new java.util.ArrayList<>();

  /** Opens further pools to the same database. */
  private interface Opener {
    HikariDataSource open(String name, int size);
  }

  private Database(
      EmbeddedDatabase embedded,
      HikariDataSource apiPool,
      HikariDataSource workerPool,
      String description,
      Opener opener) {
    this.embedded = embedded;
    this.apiPool = apiPool;
    this.workerPool = workerPool;
    this.description = description;
    this.opener = opener;
  }

  /**
   * Starts (or attaches to) the database, applies migrations and opens both pools. Only the server
   * creates an embedded database; a command refuses to start an empty one.
   */
  public static Database open(Config.Database config, Path dataDir, EmbeddedDatabase.Role role) {
    EmbeddedDatabase embedded = null;
    String url = config.url();
    String user = config.user();
    String password = config.password();
    String description;
    if (config.embedded()) {
      embedded = EmbeddedDatabase.open(dataDir.resolve("postgres"), role);
      url = embedded.jdbcUrl();
      user = embedded.user();
      password = null;
      description = embedded.description();
    } else {
      description = "PostgreSQL at " + withoutParameters(url) + " (WA_DATABASE_URL)";
    }
    boolean transactionPooler = config.pooler() == Config.Pooler.TRANSACTION;
    description += mode(config);
    HikariDataSource api = null;
    HikariDataSource worker = null;
    try {
      long timeout = config.connectionTimeout().toMillis();
      api = pool("wa-api", url, user, password, config.poolSize(), timeout, transactionPooler);
      // No session settings on any pool: behind a transaction pooler a setting made for one
      // connection stays on a server connection that then serves other clients' transactions.
      // The worker's relaxed commits are set inside each of its transactions (AsyncCommit).
      worker =
          pool(
              "wa-worker",
              url,
              user,
              password,
              config.workerPoolSize(),
              timeout,
              transactionPooler);
      if (config.migrationUrl() != null) {
        migrateThrough(config.migrationUrl(), user, password, timeout);
      } else {
        migrate(api);
      }
      // Through a pooler the server's max_connections says nothing about how many client
      // connections the pooler takes.
      if (config.pooler() == Config.Pooler.NONE) checkPools(config, dsl(api));
      String u = url;
      String us = user;
      String pw = password;
      return new Database(
          embedded,
          api,
          worker,
          description,
          (name, size) -> pool(name, u, us, pw, size, timeout, transactionPooler));
    } catch (RuntimeException e) {
      if (worker != null) worker.close();
      if (api != null) api.close();
      if (embedded != null) embedded.close();
      throw e;
    }
  }

  /** How the service talks to the database, for the start-up line. */
  private static String mode(Config.Database config) {
    String mode =
        switch (config.pooler()) {
          case NONE -> config.embedded() ? "" : ", direct connections (WA_DATABASE_POOLER=none)";
          case SESSION -> ", through a session pooler (WA_DATABASE_POOLER=session)";
          case TRANSACTION ->
              ", through a transaction pooler (WA_DATABASE_POOLER=transaction): no server-side"
                  + " prepared statements, no session settings";
        };
    if (config.migrationUrl() != null) {
      mode +=
          "; migrations through "
              + withoutParameters(config.migrationUrl())
              + " (WA_DATABASE_MIGRATION_URL)";
    } else if (config.pooler() == Config.Pooler.TRANSACTION) {
      mode +=
          "; migrations through the pooler (set WA_DATABASE_MIGRATION_URL to a direct connection,"
              + " as poolers advise)";
    }
    return mode;
  }

  /** The URL without its parameters: they may carry a password. */
  private static String withoutParameters(String url) {
    return url.replaceAll("\\?.*", "");
  }

  /**
   * Migrates through connections of their own (Flyway holds two), closed when done: a direct path
   * past a pooler.
   */
  private static void migrateThrough(String url, String user, String password, long timeout) {
    try (HikariDataSource direct = pool("wa-migrate", url, user, password, 2, timeout, false)) {
      migrate(direct);
    } catch (RuntimeException e) {
      throw new DatabaseUnavailableException(
          "Cannot migrate the database through WA_DATABASE_MIGRATION_URL="
              + withoutParameters(url)
              + ": "
              + e.getMessage()
              + ". It must reach PostgreSQL directly, with the same WA_DATABASE_USER and"
              + " WA_DATABASE_PASSWORD.",
          e);
    }
  }

  /** Stops start-up when the pools ask for more connections than the database takes. */
  static void checkPools(Config.Database config, DSLContext db) {
    Record2<String, String> limits =
        db.select(setting("max_connections"), setting("superuser_reserved_connections")).fetchOne();
    ConfigCheck.pools(config, Integer.parseInt(limits.value1()), Integer.parseInt(limits.value2()));
  }

  private static Field<String> setting(String name) {
    return DSL.function("current_setting", String.class, DSL.val(name));
  }

  public static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  public static HikariDataSource pool(
      String name,
      String url,
      String user,
      String password,
      int size,
      long connectionTimeoutMillis) {
    return pool(name, url, user, password, size, connectionTimeoutMillis, false);
  }

  /**
   * {@code transactionPooler}: no server-side prepared statements, since a statement prepared on
   * one server connection is unknown (or already known) on the next; URL parameters still win.
   */
  public static HikariDataSource pool(
      String name,
      String url,
      String user,
      String password,
      int size,
      long connectionTimeoutMillis,
      boolean transactionPooler) {
    HikariConfig hc = new HikariConfig();
    if (transactionPooler) hc.addDataSourceProperty("prepareThreshold", "0");
    hc.setPoolName(name);
    hc.setJdbcUrl(url);
    if (user != null) hc.setUsername(user);
    if (password != null) hc.setPassword(password);
    hc.setMaximumPoolSize(size);
    hc.setMinimumIdle(Math.min(2, size));
    hc.setConnectionTimeout(connectionTimeoutMillis);
    hc.setValidationTimeout(Math.min(2_000, Math.max(250, connectionTimeoutMillis / 2)));
    // Without a socket timeout a connection whose peer vanished (a cut network rather than a
    // refused one) blocks its thread forever; URL parameters still take precedence.
    hc.addDataSourceProperty("socketTimeout", "60");
    hc.addDataSourceProperty("connectTimeout", "10");
    hc.addDataSourceProperty("tcpKeepAlive", "true");
    // Fail at first use rather than at start-up, so a database outage at boot is retried
    // by whoever needs a connection instead of crashing the process.
    hc.setInitializationFailTimeout(-1);
    try {
      return new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new DatabaseUnavailableException(
          "Cannot open a connection pool to "
              + url
              + ": "
              + e.getMessage()
              + ". Check WA_DATABASE_URL, WA_DATABASE_USER and WA_DATABASE_PASSWORD.",
          e);
    }
  }

  public static DSLContext dsl(DataSource dataSource) {
    return DSL.using(
        dataSource,
        SQLDialect.POSTGRES,
        new Settings().withRenderSchema(false).withExecuteLogging(false));
  }

  /** Which database this is, for a person (no password). */
  public String description() {
    return description;
  }

  /** The API's pool: request threads and everything they call. */
  public HikariDataSource apiPool() {
    return apiPool;
  }

  /** The queue worker's own pool, so a busy API cannot starve it. */
  public HikariDataSource workerPool() {
    return workerPool;
  }

  /**
   * One more pool of its own for a part that must not wait for the others' connections (the webhook
   * dispatcher); closed with the database.
   */
  public synchronized HikariDataSource openPool(String name, int size) {
    HikariDataSource pool = opener.open(name, size);
    otherPools.add(pool);
    return pool;
  }

  /**
   * Migrations found in the jar but not applied to the database (another instance may be newer or
   * older); throws when the database cannot be read.
   */
  public static int pendingMigrations(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .info()
        .pending()
        .length;
  }

  @Override
  public void close() {
    synchronized (this) {
      otherPools.forEach(HikariDataSource::close);
    }
    workerPool.close();
    apiPool.close();
    if (embedded != null) embedded.close();
  }
}
