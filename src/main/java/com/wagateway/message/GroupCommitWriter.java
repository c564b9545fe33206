package com.wagateway.message;

import com.wagateway.client.Quotas;
import com.wagateway.domain.UnprocessableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DefaultConnectionProvider;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a group of requests in one transaction and answers each, only after the commit, with its
 * own outcome. A request the database refuses for its data fails alone: the group is written again
 * one request at a time. Any other database failure answers every request of the group 503, and
 * none of them is stored.
 */
final class GroupCommitWriter {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  // Deadlocks, serialization failures and keys stored meanwhile by another instance pass on
  // their own when the transaction runs again.
  private static final int ATTEMPTS = 3;

  private final DSLContext db;
  private final Quotas quotas;
  private final Idempotency idempotency;
  private final Runnable onEnqueued;

  GroupCommitWriter(DSLContext db, Quotas quotas, Idempotency idempotency, Runnable onEnqueued) {
    this.db = db;
    this.quotas = quotas;
    this.idempotency = idempotency;
    this.onEnqueued = onEnqueued;
  }

  /** Stores what it may of {@code group} and completes every submission's outcome. */
  void write(List<Submission> group) {
    try {
      Object[] results = store(group);
      boolean created = false;
      for (Object r : results) created |= r instanceof Outcome o && !o.created().isEmpty();
      if (created) onEnqueued.run();
      for (int i = 0; i < group.size(); i++) complete(group.get(i), results[i]);
    } catch (RefusedRow e) {
      if (group.size() > 1) {
        log.info(
            "The database refused a row of a group of {} requests ({}); storing them one by one",
            group.size(),
            e.getMessage());
        for (Submission s : group) write(List.of(s));
      } else {
        complete(
            group.get(0),
            new UnprocessableException(
                "The database refused this request (" + e.getMessage() + "); nothing was stored"));
      }
    } catch (StoreFailedException e) {
      log.warn(
          "Storing a group of {} requests failed; each was answered 503{}: {}",
          group.size(),
          e.mayHaveCommitted() ? " (the commit may have happened)" : ", nothing was stored",
          cause(e));
      for (Submission s : group) complete(s, e);
    } catch (RuntimeException | Error e) {
      log.error("Storing a group of {} requests failed unexpectedly", group.size(), e);
      for (Submission s : group) complete(s, e);
    }
  }

  private Object[] store(List<Submission> group) {
    for (int attempt = 1; ; attempt++) {
      try {
        return once(group);
      } catch (RetryableConflict e) {
        log.debug("Running a group of {} requests again: {}", group.size(), e.getMessage());
        if (attempt == ATTEMPTS)
          throw new StoreFailedException(
              "The database kept refusing this group with conflicts; nothing was stored",
              e.getCause(),
              false);
      }
    }
  }

  private Object[] once(List<Submission> group) {
    ConnectionProvider pool = db.configuration().connectionProvider();
    Connection connection;
    try {
      connection = pool.acquire();
    } catch (DataAccessException e) {
      throw new StoreFailedException("No database connection", e, false);
    }
    try {
      Object[] results;
      try {
        connection.setAutoCommit(false);
        DSLContext tx = db.configuration().derive(new DefaultConnectionProvider(connection)).dsl();
        results = new GroupCommitTransaction(tx, group, quotas, idempotency).run();
      } catch (SQLException | RuntimeException e) {
        rollback(connection);
        throw classify(e);
      }
      try {
        connection.commit();
      } catch (SQLException e) {
        throw new StoreFailedException("The commit failed", e, true);
      }
      return results;
    } finally {
      release(pool, connection);
    }
  }

  /** Retry the group, split it, or give up on all of it. */
  private static RuntimeException classify(Exception e) {
    if (e instanceof GroupCommitTransaction.KeyTakenMeanwhile) return new RetryableConflict(e);
    SQLException sql = sqlException(e);
    if (sql == null) {
      return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
    // 40001 serialization failure, 40P01 deadlock: the same work succeeds when run again.
    if (state.equals("40001") || state.equals("40P01")) return new RetryableConflict(e);
    // Class 22 (data exception) and 23 (integrity constraint): one row is at fault.
    if (state.startsWith("22") || state.startsWith("23")) return new RefusedRow(reason(sql), e);
    return new StoreFailedException("The database failed", e, false);
  }

  private static String cause(StoreFailedException e) {
    SQLException sql = sqlException(e.getCause());
    if (sql != null) return reason(sql);
    return e.getCause() == null ? e.getMessage() : e.getCause().toString();
  }

  private static SQLException sqlException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) return sql;
      if (t.getCause() == t) break;
    }
    return null;
  }

  /** The database's one-line reason, without the row's values it may add as detail. */
  private static String reason(SQLException e) {
    if (e instanceof PSQLException p) {
      ServerErrorMessage server = p.getServerErrorMessage();
      if (server != null && server.getMessage() != null) {
        return server.getMessage() + ", SQLSTATE " + server.getSQLState();
      }
    }
    String message = String.valueOf(e.getMessage());
    int line = message.indexOf('\n');
    return line < 0 ? message : message.substring(0, line);
  }

  private static void complete(Submission s, Object result) {
    try {
      if (result instanceof Outcome o) s.outcome().complete(o);
      else s.outcome().completeExceptionally((Throwable) result);
    } catch (RuntimeException e) {
      // A completion that cannot run (its executor shut down) must not keep the others waiting.
      log.warn("Answering a stored request failed: {}", e.toString());
    }
  }

  private static void rollback(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is broken; the pool drops it and the transaction died with it.
    }
  }

  private static void release(ConnectionProvider pool, Connection connection) {
    try {
      pool.release(connection);
    } catch (DataAccessException e) {
      log.debug("Returning a connection to the pool failed: {}", e.toString());
    }
  }

  /** A database error that one row of the group caused. */
  private static final class RefusedRow extends RuntimeException {
    RefusedRow(String reason, Throwable cause) {
      super(reason, cause, false, false);
    }
  }

  private static final class RetryableConflict extends RuntimeException {
    RetryableConflict(Throwable cause) {
      super(cause.toString(), cause, false, false);
    }
  }
}
