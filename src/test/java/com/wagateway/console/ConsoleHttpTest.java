package com.wagateway.console;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.client.ClientService;
import com.wagateway.message.StatusEvents;
import com.wagateway.operator.OperatorService;
import com.wagateway.receipt.Receipt;
import com.wagateway.receipt.ReceiptEvents;
import com.wagateway.receipt.ReceiptStore;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console over plain HTTP, as a browser without JavaScript (or an attacker) sees it: sign-in,
 * its cookie, CSRF, throttling, idle expiry, escaping, and the services' errors shown in words.
 */
class ConsoleHttpTest {
  private static final String PASSWORD = "a long operator password";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static TestServer server;
  private static Api api;
  private static OperatorService operators;

  @BeforeAll
  static void start() {
    server = TestServer.start(ConsoleHttpTest.class, Map.of("WA_TRUSTED_PROXIES", "127.0.0.1"));
    api = server.api();
    operators = new OperatorService(server.db().dsl());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A signed-in browser: its session cookie and the CSRF token its pages carry. */
  record Browser(String session, String csrf) {
    Api.Call get(String path) {
      return api.get(path).cookie(Guard.SESSION_COOKIE, session);
    }

    Api.Response post(String path, String... fields) {
      String[] withToken = new String[fields.length + 2];
      withToken[0] = Guard.CSRF_FIELD;
      withToken[1] = csrf;
      System.arraycopy(fields, 0, withToken, 2, fields.length);
      return api.post(path).cookie(Guard.SESSION_COOKIE, session).form(withToken).send();
    }
  }

  private static Api.Response signInForm() {
    Api.Response form = api.get("/console/sign-in").send();
    assertEquals(200, form.status(), form.body());
    return form;
  }

  private static Api.Response signIn(String name, String password) {
    Api.Response form = signInForm();
    return api.post("/console/sign-in")
        .cookie("wa_console_sign_in", form.setCookie("wa_console_sign_in"))
        .form("_csrf", csrf(form.body()), "name", name, "password", password)
        .send();
  }

  private static Browser signedIn(String name) {
    if (operators.find(name).isEmpty()) operators.create(name, PASSWORD);
    Api.Response r = signIn(name, PASSWORD);
    assertEquals(303, r.status(), r.body());
    String session = r.setCookie(Guard.SESSION_COOKIE);
    assertNotNull(session);
    Api.Response page = api.get("/console").cookie(Guard.SESSION_COOKIE, session).send();
    assertEquals(200, page.status(), page.body());
    return new Browser(session, csrf(page.body()));
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertTrue(m.find(), "the page has a CSRF field");
    return m.group(1);
  }

  @Test
  void theNavigationReachesEveryPageContactsAndWebhooksThroughTheirClient() {
    new ClientService(server.db().dsl()).create("nav-shop", null);
    Browser browser = signedIn("nav-test");
    String overview = browser.get("/console").send().body();
    Matcher links = Pattern.compile("<li><a href=\"(/console[^\"]*)\"").matcher(overview);
    List<String> nav = new ArrayList<>();
    while (links.find()) nav.add(links.group(1));
    assertEquals(
        List.of(
            "/console",
            "/console/whatsapp",
            "/console/clients",
            "/console/contacts",
            "/console/messages",
            "/console/send",
            "/console/webhooks"),
        nav);
    for (String path : nav) assertEquals(200, browser.get(path).send().status(), path);
    for (String what : List.of("contacts", "webhooks")) {
      Api.Response picker = browser.get("/console/" + what).send();
      String link = "/console/clients/nav-shop/" + what;
      assertTrue(picker.body().contains("href=\"" + link + "\""), picker.body());
      Api.Response page = browser.get(link).send();
      assertEquals(200, page.status(), link);
      assertTrue(
          page.body().contains("href=\"/console/" + what + "\" aria-current=\"page\""),
          "the navigation marks " + what + " as the current section");
    }
  }

  @Test
  void aDryRunSaysSoOnEveryPageAndOnTheMessagesItMarkedSent() {
    // The test server sends with WA_SENDER=log: nothing reaches WhatsApp.
    String key = server.newClientKey("dry");
    Api.Response sent =
        api.post("/messages")
            .key(key)
            .json(Api.obj("phone", "+972501234567", "text", "only logged"))
            .send();
    assertEquals(201, sent.status(), sent.body());
    long id = sent.id();
    Browser browser = signedIn("dry-run-test");
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                browser
                    .get("/console/messages/" + id)
                    .send()
                    .body()
                    .contains("data-status=\"sent\""));
    for (String path : List.of("/console", "/console/whatsapp", "/console/messages")) {
      assertTrue(
          browser.get(path).send().body().contains("class=\"dry-run\""),
          path + " says it is a dry run");
    }
    assertTrue(
        browser.get("/console/messages/" + id).send().body().contains("dry-run-mark"),
        "the sent message is marked as a dry-run send");
    assertTrue(browser.get("/console/messages").send().body().contains("dry-run-mark"));
  }

  @Test
  void pagesNeedASignedInOperator() {
    Api.Response r = api.get("/console/clients?x=1").send();
    assertEquals(303, r.status());
    assertEquals("/console/sign-in?next=%2Fconsole%2Fclients%3Fx%3D1", r.header("Location"));
    Api.Response forged = api.get("/console").cookie(Guard.SESSION_COOKIE, "made-up").send();
    assertEquals(303, forged.status());
  }

  @Test
  void theSignInCookieIsHttpOnlyStrictAndSecureOnlyOverHttps() {
    operators.create("cookie-test", PASSWORD);
    Api.Response plain = signIn("cookie-test", PASSWORD);
    assertEquals(303, plain.status());
    assertEquals("/console", plain.header("Location"));
    String line = plain.setCookieLine(Guard.SESSION_COOKIE);
    assertTrue(line.contains("HttpOnly"), line);
    assertTrue(line.contains("SameSite=Strict"), line);
    assertTrue(line.contains("path=/console") || line.contains("Path=/console"), line);
    assertFalse(line.contains("Secure"), "plain HTTP: " + line);

    Api.Response form = signInForm();
    Api.Response proxied =
        api.post("/console/sign-in")
            .header("X-Forwarded-Proto", "https")
            .cookie("wa_console_sign_in", form.setCookie("wa_console_sign_in"))
            .form("_csrf", csrf(form.body()), "name", "cookie-test", "password", PASSWORD)
            .send();
    assertEquals(303, proxied.status());
    assertTrue(
        proxied.setCookieLine(Guard.SESSION_COOKIE).contains("Secure"),
        "behind a trusted proxy that says https: " + proxied.setCookieLine(Guard.SESSION_COOKIE));
  }

  @Test
  void pagesForbidFramingAndInlineScripts() {
    Api.Response page = signedIn("headers-test").get("/console/clients").send();
    assertEquals("DENY", page.header("X-Frame-Options"));
    String csp = page.header("Content-Security-Policy");
    assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertEquals("no-store", page.header("Cache-Control"));
    assertFalse(page.body().matches("(?s).*<script>.*"), "no inline script");
  }

  @Test
  void aFormPostedWithoutItsCsrfTokenChangesNothing() {
    Browser browser = signedIn("csrf-test");
    Api.Response forged =
        api.post("/console/clients")
            .cookie(Guard.SESSION_COOKIE, browser.session())
            .form("name", "forged-client")
            .send();
    assertEquals(403, forged.status());
    assertTrue(forged.body().contains("security token"), forged.body());
    Api.Response wrong = browser.post("/console/clients", "name", "forged-client", "_csrf", "x");
    assertEquals(201, wrong.status(), "the first _csrf field is the real one: " + wrong.status());
    new ClientService(server.db().dsl()).delete("forged-client");
    Api.Response other =
        api.post("/console/clients")
            .cookie(Guard.SESSION_COOKIE, browser.session())
            .form("_csrf", signedIn("csrf-other").csrf(), "name", "forged-client")
            .send();
    assertEquals(403, other.status(), "another session's token is refused");
    assertTrue(new ClientService(server.db().dsl()).find("forged-client").isEmpty());
  }

  @Test
  void anOversizedFormIsRefusedWithAPage() {
    Browser browser = signedIn("size-test");
    Api.Response r = browser.post("/console/send", "text", "x".repeat(70 * 1024));
    assertEquals(413, r.status());
    assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
    assertTrue(r.body().contains("larger than 64 KiB"), r.body());
  }

  @Test
  void theSignInFormItselfNeedsItsToken() {
    operators.create("login-csrf", PASSWORD);
    Api.Response r =
        api.post("/console/sign-in").form("name", "login-csrf", "password", PASSWORD).send();
    assertEquals(403, r.status());
    assertNull(r.setCookie(Guard.SESSION_COOKIE));
  }

  @Test
  void wrongPasswordsAreRefusedThenThrottledEvenForTheRightOne() {
    operators.create("throttled", PASSWORD);
    for (int i = 1; i < OperatorService.FREE_FAILURES; i++) {
      Api.Response r = signIn("throttled", "wrong password " + i);
      assertEquals(403, r.status());
      assertTrue(r.body().contains("Wrong name or password"), r.body());
      assertNull(r.setCookie(Guard.SESSION_COOKIE));
    }
    Api.Response last = signIn("throttled", "wrong password again");
    assertEquals(429, last.status());
    assertTrue(Long.parseLong(last.header("Retry-After")) >= 29, last.header("Retry-After"));
    Api.Response right = signIn("throttled", PASSWORD);
    assertEquals(429, right.status(), "the right password waits too");
    assertTrue(right.body().contains("Sign-in is paused"), right.body());
    assertNull(right.setCookie(Guard.SESSION_COOKIE));

    operators.setPassword("throttled", PASSWORD + "!");
    assertEquals(303, signIn("throttled", PASSWORD + "!").status(), "set-password lifts the pause");
  }

  @Test
  void anUnknownNameGetsTheSameAnswerAsAWrongPassword() {
    Api.Response r = signIn("nobody-here", PASSWORD);
    assertEquals(403, r.status());
    assertTrue(r.body().contains("Wrong name or password"));
  }

  @Test
  void signingOutEndsTheSession() {
    Browser browser = signedIn("sign-out-test");
    Api.Response out = browser.post("/console/sign-out");
    assertEquals(303, out.status());
    assertEquals("/console/sign-in?signed-out=1", out.header("Location"));
    assertEquals(303, browser.get("/console").send().status());
  }

  @Test
  void anIdleSessionIsOver() {
    Browser browser = signedIn("idle-test");
    server
        .db()
        .dsl()
        .execute(
            "UPDATE console_session SET last_seen_at = now() - interval '31 minutes'"
                + " WHERE operator_id = (SELECT id FROM operator WHERE name = 'idle-test')");
    assertEquals(303, browser.get("/console").send().status());
  }

  @Test
  void aPageRefreshingItselfDoesNotKeepTheSessionAlive() {
    Browser browser = signedIn("polling-test");
    String whereMine = " WHERE operator_id = (SELECT id FROM operator WHERE name = 'polling-test')";
    var db = server.db().dsl();
    db.execute(
        "UPDATE console_session SET last_seen_at = now() - interval '20 minutes'" + whereMine);
    Api.Response poll = browser.get("/console/live").header("HX-Request", "true").send();
    assertEquals(200, poll.status(), "still signed in");
    Boolean stillIdle =
        db.fetchSingle(
                "SELECT last_seen_at < now() - interval '19 minutes' FROM console_session"
                    + whereMine)
            .get(0, Boolean.class);
    assertTrue(stillIdle, "the poll did not count as activity");

    db.execute(
        "UPDATE console_session SET last_seen_at = now() - interval '31 minutes'" + whereMine);
    Api.Response expired =
        browser
            .get("/console/whatsapp/live")
            .header("HX-Request", "true")
            .header("HX-Current-URL", "http://127.0.0.1/console/whatsapp")
            .send();
    assertEquals(204, expired.status());
    assertEquals(
        "/console/sign-in?next=%2Fconsole%2Fwhatsapp",
        expired.header("HX-Redirect"),
        "htmx loads the sign-in page, to come back to the page after");
  }

  @Test
  void disablingAnOperatorEndsTheirSessions() {
    Browser browser = signedIn("disabled-test");
    operators.setActive("disabled-test", false);
    assertEquals(303, browser.get("/console").send().status());
    assertEquals(403, signIn("disabled-test", PASSWORD).status());
  }

  @Test
  void aContactNamedLikeAScriptShowsAsText() {
    String key = server.newClientKey("escape");
    String client =
        new ClientService(server.db().dsl())
            .list().stream()
                .filter(c -> c.name().startsWith("escape"))
                .findFirst()
                .orElseThrow()
                .name();
    api.post("/contacts")
        .key(key)
        .json(Api.obj("name", "<script>alert('x')</script>", "phone", "+972501112233"))
        .send();
    Api.Response page =
        signedIn("escape-test").get("/console/clients/" + client + "/contacts").send();
    assertEquals(200, page.status());
    assertTrue(page.body().contains("&lt;script&gt;alert("), page.body());
    assertFalse(page.body().contains("<script>alert"), "no live script tag");
  }

  @Test
  void aRefusedFieldIsNamedNextToItInTheServicesWords() {
    Browser browser = signedIn("errors-test");
    String key = server.newClientKey("errors");
    String client = clientNamed("errors");
    Api.Response r = browser.post("/console/send", "client", client, "phone", "12", "text", "hi");
    assertEquals(400, r.status());
    Api.Response api400 =
        api.post("/messages").key(key).json(Api.obj("phone", "12", "text", "hi")).send();
    String apiMessage =
        api400
            .json()
            .getAsJsonArray("errors")
            .get(0)
            .getAsJsonObject()
            .get("message")
            .getAsString();
    assertTrue(
        r.body().contains("id=\"phone-error\">" + escape(apiMessage) + "</p>"),
        "the API's words for the phone, next to the phone field: " + apiMessage + "\n" + r.body());
    assertTrue(r.body().contains("aria-describedby=\"phone-error\""));
  }

  @Test
  void aDuplicateClientNameIsRefusedInTheFormWithTheServicesMessage() {
    Browser browser = signedIn("dup-test");
    assertEquals(201, browser.post("/console/clients", "name", "twice").status());
    Api.Response again = browser.post("/console/clients", "name", "twice");
    assertEquals(409, again.status());
    assertTrue(
        again.body().contains("A client named &#39;twice&#39; already exists")
            || again.body().contains("A client named 'twice' already exists"),
        again.body());
  }

  @Test
  void messagePagesShowTheTicksOfEachReceipt() {
    Browser browser = signedIn("ticks-test");
    String key = server.newClientKey("ticks");
    String client = clientNamed("ticks");
    long id =
        api.post("/messages")
            .key(key)
            .json(Api.obj("phone", "+972501113333", "text", "tick me"))
            .send()
            .id();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                "sent"
                    .equals(
                        api.get("/messages/" + id)
                            .key(key)
                            .send()
                            .json()
                            .get("status")
                            .getAsString()));
    server
        .db()
        .dsl()
        .update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.WA_MESSAGE_ID, "TICKS1")
        .where(MESSAGE_QUEUE.ID.eq(id))
        .execute();
    new ReceiptStore(server.db().dsl(), StatusEvents.NONE, ReceiptEvents.NONE)
        .seen("default", "TICKS1", Receipt.READ);

    Api.Response list = browser.get("/console/messages?client=" + client).send();
    assertTrue(list.body().contains("class=\"ticks read\""), list.body());
    Api.Response card = browser.get("/console/messages/" + id).send();
    assertTrue(card.body().contains("class=\"ticks read\""), card.body());
    assertTrue(card.body().contains("Delivered to the phone (two ticks)"), card.body());
    assertTrue(card.body().contains("TICKS1"), card.body());
  }

  @Test
  void retryingEveryFailedMessageShowsTheCountFirst() {
    Browser browser = signedIn("retry-all-test");
    String key = server.newClientKey("bulk");
    String client = clientNamed("bulk");
    for (int i = 0; i < 3; i++) {
      Api.Response created =
          api.post("/messages")
              .key(key)
              .json(
                  Api.obj(
                      "phone",
                      "+97250111222" + i,
                      "text",
                      "m" + i,
                      "send_at",
                      java.time.OffsetDateTime.now().plusDays(1).toString()))
              .send();
      assertEquals(201, created.status(), created.body());
    }
    server
        .db()
        .dsl()
        .execute(
            "UPDATE message_queue SET status = 'failed', attempts = 5, error_reason = 'boom'"
                + " WHERE client_id = (SELECT id FROM client WHERE client_name = '"
                + client
                + "') AND text IN ('m0', 'm1')");
    Api.Response confirm = browser.get("/console/messages/retry-failed?client=" + client).send();
    assertEquals(200, confirm.status());
    assertTrue(confirm.body().contains("2 failed messages to retry"), confirm.body());
    Api.Response done = browser.post("/console/messages/retry-failed?client=" + client);
    assertEquals(303, done.status());
    assertTrue(done.header("Location").contains("count=2"), done.header("Location"));
    assertEquals(
        0,
        api.get("/messages?status=failed").key(key).send().data().size(),
        "none of the client's messages is failed any more");
  }

  @Test
  void theSameServicesRulesGuardTheConsoleAsTheApi() {
    Browser browser = signedIn("quota-test");
    String key = server.newClientKey("quota");
    String client = clientNamed("quota");
    Api.Response bad =
        browser.post("/console/clients/" + client + "/quotas", "quota_per_minute", "-1");
    assertEquals(400, bad.status());
    assertTrue(bad.body().contains("must be 0 (no limit) or more"), bad.body());
    assertEquals(
        303,
        browser.post("/console/clients/" + client + "/quotas", "quota_per_minute", "7").status());
    assertEquals(
        7,
        api.get("/admin/clients/" + client)
            .key(TestServer.ADMIN_TOKEN)
            .send()
            .json()
            .get("quota_per_minute")
            .getAsInt());
    assertTrue(key.startsWith("wa_"));
  }

  private static String clientNamed(String prefix) {
    return new ClientService(server.db().dsl())
        .list().stream()
            .map(c -> c.name())
            .filter(n -> n.startsWith(prefix + "-"))
            .findFirst()
            .orElseThrow();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&#34;")
        .replace("'", "&#39;");
  }

  @Test
  void overviewShowsTheStorageUploadedFilesTake() {
    String key = server.newClientKey("storage");
    byte[] pdf = com.wagateway.support.MediaFiles.pdf(3 * 1024 * 1024, 21);
    assertEquals(
        201,
        api.post("/media?filename=s.pdf")
            .key(key)
            .header("Content-Type", "application/pdf")
            .body(pdf)
            .send()
            .status());
    long total =
        server
            .db()
            .dsl()
            .select(com.wagateway.db.schema.Tables.MEDIA.SIZE_BYTES)
            .from(com.wagateway.db.schema.Tables.MEDIA)
            .fetch(com.wagateway.db.schema.Tables.MEDIA.SIZE_BYTES)
            .stream()
            .mapToLong(Long::longValue)
            .sum();
    String page = signedIn("storage-test").get("/console").send().body();
    assertTrue(page.contains(Formats.bytes(total)), page);
    assertTrue(page.contains("uploaded files"), page);
  }
}
