package com.wagateway.console;

import com.wagateway.http.PathParams;
import com.wagateway.operator.SignedInOperators;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Deque;
import java.util.Map;

/** One request to a signed-in console page: the exchange, who is signed in, the posted form. */
final class ConsoleRequest {
  // Notices are chosen by code, never taken from the URL as text.
  private static final Map<String, String> NOTICES =
      Map.ofEntries(
          Map.entry("cancelled", "The message was cancelled."),
          Map.entry("retried", "The message is queued again."),
          Map.entry("enabled", "The client is enabled: its key works again."),
          Map.entry("disabled", "The client is disabled: its key is refused until enabled."),
          Map.entry("quotas", "The quotas are saved."),
          Map.entry("client-deleted", "The client was deleted with its contacts and messages."),
          Map.entry("contact-saved", "The contact is saved."),
          Map.entry("contact-deleted", "The contact was deleted with its finished messages."),
          Map.entry("restarting", "The browser is restarting on the same profile."),
          Map.entry(
              "session-created",
              "The session is created: an instance with room starts its browser and shows its QR."),
          Map.entry("session-restart", "The session's browser is restarting on the same profile."),
          Map.entry("session-logout", "The session is logged out: scan its new QR to link it."),
          Map.entry("session-resume", "The session is resumed."),
          Map.entry("webhook-enabled", "The webhook is enabled; its waiting events go out."),
          Map.entry("webhook-disabled", "The webhook is disabled; its events wait."),
          Map.entry("webhook-removed", "The webhook was removed with its deliveries."),
          Map.entry("redelivered", "The dead deliveries are due again."));

  private final HttpServerExchange exchange;
  private final SignedInOperators.SignedIn signedIn;
  private final Form form;
  private final Pages pages;
  private final boolean dryRun;

  ConsoleRequest(
      HttpServerExchange exchange,
      SignedInOperators.SignedIn signedIn,
      Form form,
      Pages pages,
      boolean dryRun) {
    this.dryRun = dryRun;
    this.exchange = exchange;
    this.signedIn = signedIn;
    this.form = form;
    this.pages = pages;
  }

  HttpServerExchange exchange() {
    return exchange;
  }

  SignedInOperators.SignedIn signedIn() {
    return signedIn;
  }

  Form form() {
    return form;
  }

  /** The page's surroundings, with the notice the last action asked for ({@code ?done=}). */
  PageFrame frame(String title, String section) {
    String done = query("done");
    String notice = done == null ? null : NOTICES.get(done);
    if ("retried-all".equals(done)) {
      String count = query("count");
      notice =
          (count != null && count.matches("[0-9]{1,9}") ? count : "The")
              + " failed messages are queued again.";
    }
    return new PageFrame(
        title, section, signedIn.operatorName(), signedIn.csrfToken(), notice, dryRun);
  }

  /** Whether this instance only logs its sends ({@code WA_SENDER=log}). */
  boolean dryRun() {
    return dryRun;
  }

  /** A query parameter, null when absent or blank. */
  String query(String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    if (values == null || values.isEmpty()) return null;
    String value = values.getFirst().strip();
    return value.isEmpty() ? null : value;
  }

  String path(String name) {
    return PathParams.string(exchange, name);
  }

  long id(String name) {
    return PathParams.id(exchange, name);
  }

  /** Whether htmx asked (for a fragment rather than a whole page). */
  boolean fromHtmx() {
    return "true".equals(exchange.getRequestHeaders().getFirst("HX-Request"));
  }

  void render(String template, Object view) {
    pages.render(exchange, 200, template, view);
  }

  void render(int status, String template, Object view) {
    pages.render(exchange, status, template, view);
  }

  /** 303 to a path of this console: after a POST, the browser GETs the result. */
  void redirect(String path) {
    exchange.setStatusCode(303);
    exchange.getResponseHeaders().put(Headers.LOCATION, path);
    exchange.endExchange();
  }
}
