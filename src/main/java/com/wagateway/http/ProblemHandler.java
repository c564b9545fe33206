package com.wagateway.http;

import com.wagateway.domain.DomainException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become answers: problem+json, never a stack trace. */
public final class ProblemHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  private final HttpHandler next;

  public ProblemHandler(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    try {
      next.handleRequest(exchange);
    } catch (ApiException e) {
      if (!exchange.isResponseStarted()) Responses.problem(exchange, e);
    } catch (DomainException e) {
      if (!exchange.isResponseStarted()) Responses.problem(exchange, ProblemMapping.toProblem(e));
    } catch (Exception e) {
      if (exchange.isResponseStarted()) {
        log.error(
            "Request {} {} failed after its answer started",
            exchange.getRequestMethod(),
            exchange.getRequestPath(),
            e);
        return;
      }
      if (isDatabaseOutage(e)) {
        log.warn(
            "Request {} {} refused: the database is unreachable ({})",
            exchange.getRequestMethod(),
            exchange.getRequestPath(),
            e.getMessage());
        Responses.problem(
            exchange,
            ApiException.unavailable(
                "The database is unreachable or dropped the connection; the request's transaction"
                    + " was rolled back. Retry later (with the same Idempotency-Key, if one was"
                    + " sent).",
                5));
        return;
      }
      String reference = Responses.internalError(exchange);
      log.error(
          "Request {} {} failed (reference {})",
          exchange.getRequestMethod(),
          exchange.getRequestPath(),
          reference,
          e);
    }
  }

  /**
   * A connection refused, lost or cut: pool timeouts, SQLSTATE class 08 (connection exception) and
   * 57P (the server shutting down or terminating the session: 57P01 admin_shutdown, as
   * pg_terminate_backend sends, 57P02 crash_shutdown, 57P03 cannot_connect_now). PostgreSQL rolls
   * back a transaction whose connection it lost, so nothing of the request is left half done.
   */
  public static boolean isDatabaseOutage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) return true;
      if (t instanceof SQLException sql && connectionLost(sql.getSQLState())) return true;
      if (t instanceof ConnectException) return true;
    }
    // HikariCP's "Connection is not available" is the SQLTransientConnectionException above,
    // however jOOQ wraps it.
    return false;
  }

  private static boolean connectionLost(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
  }
}
