package com.wagateway.console;

import com.wagateway.domain.DomainException;
import com.wagateway.domain.NotFoundException;
import com.wagateway.http.ApiException;
import com.wagateway.http.ClientAddress;
import com.wagateway.http.ProblemHandler;
import com.wagateway.http.ProblemMapping;
import com.wagateway.http.RequestBody;
import com.wagateway.http.Router;
import com.wagateway.operator.SignedInOperators;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every console route goes through: security headers, the operator's sign-in (else to the
 * sign-in page), the CSRF token on every POST (else 403), and refusals turned into pages a person
 * can read.
 */
public final class Guard {
  private static final Logger log = LoggerFactory.getLogger(Guard.class);
  static final String SESSION_COOKIE = "wa_console";
  static final String CSRF_FIELD = "_csrf";

  // No inline script or style anywhere: every script and style sheet is a file from the jar.
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src"
          + " 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final SignedInOperators signIns;
  private final Pages pages;
  private final BooleanSupplier dryRun;
  private final ClientAddress clientAddress;

  Guard(
      SignedInOperators signIns, Pages pages, ClientAddress clientAddress, BooleanSupplier dryRun) {
    this.dryRun = dryRun;
    this.signIns = signIns;
    this.pages = pages;
    this.clientAddress = clientAddress;
  }

  /** A page's work, for a signed-in operator. */
  @FunctionalInterface
  interface Page {
    void handle(ConsoleRequest request) throws Exception;
  }

  /** A route for signed-in operators only. */
  Router.Handler signedIn(Page page) {
    return signedIn(page, true);
  }

  /**
   * A route for signed-in operators whose POST body is a file form the page streams itself ({@link
   * FileForm}): the page checks the form's CSRF token with {@link #tokenRefused} before it stores
   * anything.
   */
  Router.Handler signedInUpload(Page page) {
    return signedIn(page, false);
  }

  /**
   * Whether {@code given} is not the session's CSRF token; then the refusal page is written (and
   * the unread rest of the body closes the connection).
   */
  boolean tokenRefused(ConsoleRequest request, String given) {
    if (sameToken(given, request.signedIn().csrfToken())) return false;
    HttpServerExchange exchange = request.exchange();
    exchange.setPersistent(false);
    refuseToken(exchange);
    return true;
  }

  private void refuseToken(HttpServerExchange exchange) {
    log.warn(
        "Console refused {} {} from {}: the form's CSRF token is missing or wrong",
        exchange.getRequestMethod(),
        exchange.getRequestPath(),
        address(exchange));
    error(
        exchange,
        403,
        "Form refused",
        "This form did not come from your console session (its security token is"
            + " missing or out of date). Go back, reload the page and send it again.");
  }

  private Router.Handler signedIn(Page page, boolean formBody) {
    return exchange -> {
      htmlHeaders(exchange);
      String token = cookie(exchange, SESSION_COOKIE);
      // A live part refreshing itself is not the operator at work: it must not stop the session
      // from going idle.
      boolean polling =
          exchange.getRequestMethod().equals(Methods.GET)
              && "true".equals(exchange.getRequestHeaders().getFirst("HX-Request"));
      Optional<SignedInOperators.SignedIn> found =
          polling ? signIns.peek(token) : signIns.resume(token);
      if (found.isEmpty()) {
        // An upload's body is left unread: the connection closes after the answer.
        if (!formBody) exchange.setPersistent(false);
        toSignIn(exchange);
        return;
      }
      SignedInOperators.SignedIn signedIn = found.get();
      run(
          exchange,
          () -> {
            Form form = Form.empty();
            if (formBody && exchange.getRequestMethod().equals(Methods.POST)) {
              form = Form.read(exchange);
              if (!sameToken(form.raw(CSRF_FIELD), signedIn.csrfToken())) {
                refuseToken(exchange);
                return;
              }
            }
            page.handle(new ConsoleRequest(exchange, signedIn, form, pages, dryRun.getAsBoolean()));
          });
    };
  }

  /** A route anyone may open (the sign-in page): headers and readable errors only. */
  Router.Handler open(Router.Handler handler) {
    return exchange -> {
      htmlHeaders(exchange);
      run(exchange, () -> handler.handle(exchange));
    };
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  private void run(HttpServerExchange exchange, Work work) throws Exception {
    try {
      work.run();
    } catch (NotFoundException e) {
      error(exchange, 404, "Not found", e.getMessage());
    } catch (DomainException e) {
      ApiException problem = ProblemMapping.toProblem(e);
      error(exchange, problem.status(), problem.title(), e.getMessage());
    } catch (ApiException e) {
      error(exchange, e.status(), e.title(), e.getMessage());
    } catch (Exception e) {
      if (exchange.isResponseStarted()) throw e;
      if (ProblemHandler.isDatabaseOutage(e)) {
        log.warn("Console page {} failed: the database is unreachable", exchange.getRequestPath());
        error(
            exchange,
            503,
            "Database unreachable",
            "The database does not answer; nothing was changed. Try again in a moment.");
        return;
      }
      String reference = UUID.randomUUID().toString().substring(0, 8);
      log.error(
          "Console {} {} failed (reference {})",
          exchange.getRequestMethod(),
          exchange.getRequestPath(),
          reference,
          e);
      error(
          exchange,
          500,
          "Something went wrong",
          "The console could not do this. The service log has the details under reference "
              + reference
              + ".");
    }
  }

  /** The record of an error page. */
  public record ErrorView(int status, String title, String detail) {}

  /** A form refused before its page ran (too large, unreadable), answered as a page. */
  void refused(HttpServerExchange exchange, ApiException problem) {
    exchange.setPersistent(false);
    htmlHeaders(exchange);
    String detail =
        problem.status() == 413
            ? "The form is larger than "
                + RequestBody.MAX_BYTES / 1024
                + " KiB; nothing was changed."
            : problem.getMessage();
    error(exchange, problem.status(), problem.title(), detail);
  }

  private void error(HttpServerExchange exchange, int status, String title, String detail) {
    if (exchange.isResponseStarted()) return;
    pages.render(exchange, status, "error", new ErrorView(status, title, detail));
  }

  private static void toSignIn(HttpServerExchange exchange) {
    boolean htmx = "true".equals(exchange.getRequestHeaders().getFirst("HX-Request"));
    String next = null;
    if (htmx) {
      // A live part asked: come back to the page it is part of, not to the part.
      next = pageOf(exchange.getRequestHeaders().getFirst("HX-Current-URL"));
    } else if (exchange.getRequestMethod().equals(Methods.GET)) {
      next = exchange.getRequestPath();
      if (!exchange.getQueryString().isEmpty()) next += "?" + exchange.getQueryString();
    }
    String location =
        "/console/sign-in"
            + (next != null && !next.equals("/console") && SignInPages.isConsolePath(next)
                ? "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)
                : "");
    if (htmx) {
      // htmx loads the sign-in page as a whole instead of swapping it into the live part.
      exchange.getResponseHeaders().put(new HttpString("HX-Redirect"), location);
      exchange.setStatusCode(204);
    } else {
      exchange.setStatusCode(303);
      exchange.getResponseHeaders().put(Headers.LOCATION, location);
    }
    exchange.endExchange();
  }

  /** The path and query of a page's URL, or null. */
  private static String pageOf(String url) {
    if (url == null) return null;
    try {
      java.net.URI uri = java.net.URI.create(url);
      return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static void htmlHeaders(HttpServerExchange exchange) {
    var headers = exchange.getResponseHeaders();
    headers.put(new HttpString("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
    headers.put(new HttpString("X-Frame-Options"), "DENY");
    headers.put(new HttpString("X-Content-Type-Options"), "nosniff");
    headers.put(new HttpString("Referrer-Policy"), "same-origin");
    // Pages show keys, phones and message texts: nothing is kept in caches.
    headers.put(Headers.CACHE_CONTROL, "no-store");
  }

  static String cookie(HttpServerExchange exchange, String name) {
    Cookie cookie = exchange.getRequestCookie(name);
    return cookie == null ? null : cookie.getValue();
  }

  static boolean sameToken(String given, String expected) {
    if (given == null || expected == null) return false;
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the browser reached us over HTTPS, directly or through a proxy we trust. */
  boolean secure(HttpServerExchange exchange) {
    if ("https".equalsIgnoreCase(exchange.getRequestScheme())) return true;
    return trustedPeer(exchange)
        && "https"
            .equalsIgnoreCase(
                String.valueOf(exchange.getRequestHeaders().getFirst("X-Forwarded-Proto")).trim());
  }

  /** The browser's address for the log, as the API's throttle sees it. */
  String address(HttpServerExchange exchange) {
    return clientAddress.of(exchange);
  }

  private boolean trustedPeer(HttpServerExchange exchange) {
    return clientAddress.fromTrustedProxy(exchange);
  }
}
