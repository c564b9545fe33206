package com.wagateway.console;

import com.wagateway.http.Router;
import com.wagateway.operator.OperatorService;
import com.wagateway.operator.SignIn;
import com.wagateway.operator.SignedInOperators;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.util.Headers;
import java.util.Deque;

/** {@code /console/sign-in} and {@code /console/sign-out}. */
public final class SignInPages {
  // The sign-in form has no sign-in token yet, so its form is tied to the browser by a cookie of
  // its own
  // holding the same random token (double submit): a page elsewhere cannot sign you in as
  // someone else.
  private static final String SIGN_IN_COOKIE = "wa_console_sign_in";

  private final OperatorService operators;
  private final SignedInOperators signIns;
  private final Pages pages;
  private final Guard guard;

  SignInPages(OperatorService operators, SignedInOperators signIns, Pages pages, Guard guard) {
    this.operators = operators;
    this.signIns = signIns;
    this.pages = pages;
    this.guard = guard;
  }

  /** Declares these pages under /console, behind {@code guard}. */
  void routes(Router router, Guard guard) {
    router
        .get("/console/sign-in", guard.open(this::form))
        .post("/console/sign-in", guard.open(this::signIn))
        .post("/console/sign-out", guard.signedIn(this::signOut));
  }

  /** The sign-in form's page. */
  public record View(String csrfToken, String name, String next, String error, String notice) {}

  /** {@code GET /console/sign-in}. */
  public void form(HttpServerExchange exchange) {
    if (signIns.resume(Guard.cookie(exchange, Guard.SESSION_COOKIE)).isPresent()) {
      redirect(exchange, "/console");
      return;
    }
    String notice = query(exchange, "signed-out") != null ? "You are signed out." : null;
    show(exchange, 200, null, next(query(exchange, "next")), null, notice);
  }

  /** {@code POST /console/sign-in}. */
  public void signIn(HttpServerExchange exchange) {
    Form form = Form.read(exchange);
    String next = next(form.get("next"));
    String name = form.get("name");
    if (!Guard.sameToken(form.raw(Guard.CSRF_FIELD), Guard.cookie(exchange, SIGN_IN_COOKIE))) {
      show(
          exchange,
          403,
          name,
          next,
          "The sign-in form was out of date (or cookies are off for this site). Please try again.",
          null);
      return;
    }
    SignIn result = operators.signIn(name, form.raw("password"), guard.address(exchange));
    if (result instanceof SignIn.Accepted accepted) {
      // A new token at every sign-in: a token planted before it is worth nothing after.
      signIns.end(Guard.cookie(exchange, Guard.SESSION_COOKIE));
      SignedInOperators.Started started = signIns.start(accepted.operator());
      exchange.setResponseCookie(
          cookie(Guard.SESSION_COOKIE, started.token(), "/console", guard.secure(exchange)));
      exchange.setResponseCookie(expired(SIGN_IN_COOKIE, "/console/sign-in"));
      redirect(exchange, next == null ? "/console" : next);
    } else if (result instanceof SignIn.Throttled throttled) {
      exchange
          .getResponseHeaders()
          .put(Headers.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
      show(
          exchange,
          429,
          name,
          next,
          "Too many wrong passwords for this operator. Sign-in is paused for "
              + throttled.retryAfterSeconds()
              + " seconds; try again after that.",
          null);
    } else {
      show(exchange, 403, name, next, "Wrong name or password.", null);
    }
  }

  /** {@code POST /console/sign-out} (signed in, with the CSRF token). */
  void signOut(ConsoleRequest request) {
    signIns.end(Guard.cookie(request.exchange(), Guard.SESSION_COOKIE));
    request.exchange().setResponseCookie(expired(Guard.SESSION_COOKIE, "/console"));
    request.redirect("/console/sign-in?signed-out=1");
  }

  private void show(
      HttpServerExchange exchange,
      int status,
      String name,
      String next,
      String error,
      String notice) {
    String token = Guard.cookie(exchange, SIGN_IN_COOKIE);
    if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
      token = SignedInOperators.randomToken();
      exchange.setResponseCookie(
          cookie(SIGN_IN_COOKIE, token, "/console/sign-in", guard.secure(exchange)));
    }
    pages.render(exchange, status, "sign_in", new View(token, name, next, error, notice));
  }

  private static CookieImpl cookie(String name, String value, String path, boolean secure) {
    CookieImpl cookie = new CookieImpl(name, value);
    cookie.setPath(path);
    cookie.setHttpOnly(true);
    cookie.setSameSiteMode("Strict");
    cookie.setSecure(secure);
    return cookie;
  }

  private static CookieImpl expired(String name, String path) {
    CookieImpl cookie = cookie(name, "", path, false);
    cookie.setMaxAge(0);
    cookie.setExpires(new java.util.Date(0));
    return cookie;
  }

  /** Where to go after signing in: only a page of this console, never another site. */
  private static String next(String next) {
    return next != null && isConsolePath(next) ? next : null;
  }

  static boolean isConsolePath(String path) {
    return path.length() < 500
        && path.matches("/console(/[A-Za-z0-9/_.%-]*)?(\\?[A-Za-z0-9_.%&=+-]*)?")
        && !path.contains("//");
  }

  private static String query(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  private static void redirect(HttpServerExchange exchange, String location) {
    exchange.setStatusCode(303);
    exchange.getResponseHeaders().put(Headers.LOCATION, location);
    exchange.endExchange();
  }
}
