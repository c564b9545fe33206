package com.wagateway.health;

import com.wagateway.db.Database;
import com.wagateway.queue.QueueWorker;
import com.wagateway.queue.Sender;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Whether this instance can do its job now: the database answers, its schema is the one this build
 * expects, and (reported, and required when configured) the WhatsApp session is ready. A session
 * waiting for a QR scan does not make the instance unready by default: the API still accepts and
 * stores messages, and the operator needs the instance up to scan the code.
 */
public final class Readiness {
  private final DataSource dataSource;
  private final Sender sender;
  private final QueueWorker worker;
  private final boolean requireSession;
  // Applied migrations do not un-apply: once none is pending, Flyway need not be asked again.
  private volatile boolean migrationsApplied;

  public Readiness(
      DataSource dataSource, Sender sender, QueueWorker worker, boolean requireSession) {
    this.dataSource = dataSource;
    this.sender = sender;
    this.worker = worker;
    this.requireSession = requireSession;
  }

  public Report check() {
    Map<String, Object> checks = new LinkedHashMap<>();
    boolean ready = true;

    String dbError = databaseError();
    checks.put(
        "database",
        dbError == null ? Map.of("status", "up") : Map.of("status", "down", "error", dbError));
    ready &= dbError == null;

    if (dbError == null) {
      String pending = migrationsPending();
      checks.put(
          "migrations",
          pending == null ? Map.of("status", "up") : Map.of("status", "down", "error", pending));
      ready &= pending == null;
    } else {
      checks.put("migrations", Map.of("status", "unknown"));
    }

    boolean sessionReady = sender.ready();
    Map<String, Object> whatsapp = new LinkedHashMap<>();
    whatsapp.put("status", sessionReady ? "up" : "down");
    whatsapp.put("state", sender.state());
    whatsapp.put("required", requireSession);
    // Why it is down and what to do (a degraded session names the selectors that found nothing).
    String detail = sender.detail();
    if (detail != null) whatsapp.put("detail", detail);
    checks.put("whatsapp", whatsapp);
    if (requireSession) ready &= sessionReady;

    checks.put(
        "worker",
        Map.of("sending", worker.isSending(), "database_reachable", worker.isDatabaseReachable()));
    return new Report(ready, checks);
  }

  private String databaseError() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2) ? null : "connection not valid";
    } catch (Exception e) {
      return e.getMessage();
    }
  }

  private String migrationsPending() {
    if (migrationsApplied) return null;
    try {
      int pending = Database.pendingMigrations(dataSource);
      if (pending == 0) {
        migrationsApplied = true;
        return null;
      }
      return pending + " migrations not applied";
    } catch (RuntimeException e) {
      return "cannot read the migration history: " + e.getMessage();
    }
  }

  /** {@code checks} is written as the JSON body. */
  public record Report(boolean ready, Map<String, Object> checks) {}
}
