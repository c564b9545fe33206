package com.wagateway.http;

import com.wagateway.domain.DomainException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
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
                "The database is unreachable; nothing was stored. Retry later.", 5));
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

  public static boolean isDatabaseOutage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) return true;
      if (t instanceof java.sql.SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) return true;
      if (t instanceof java.net.ConnectException) return true;
      if (t.getCause() == t) break;
    }
    return e instanceof DataAccessException
        && e.getMessage() != null
        && e.getMessage().contains("Connection is not available");
  }
}
