package com.wagateway.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.operator.OperatorService;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's webhook pages over real HTTP: add (the secret shown once), the client page's list
 * with each endpoint's state, disable with the reason shown, deliveries, redeliver, remove.
 */
class ConsoleWebhookTest {
  private static final String PASSWORD = "a long operator password";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern SECRET = Pattern.compile("value=\"(whsec_[^\"]+)\"");
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(ConsoleWebhookTest.class);
    api = server.api();
    new OperatorService(server.db().dsl()).create("hooks-operator", PASSWORD);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private record Browser(String session, String csrf) {
    Api.Response get(String path) {
      return api.get(path).cookie(Guard.SESSION_COOKIE, session).send();
    }

    Api.Response post(String path, String... fields) {
      String[] withToken = new String[fields.length + 2];
      withToken[0] = Guard.CSRF_FIELD;
      withToken[1] = csrf;
      System.arraycopy(fields, 0, withToken, 2, fields.length);
      return api.post(path).cookie(Guard.SESSION_COOKIE, session).form(withToken).send();
    }
  }

  private static Browser signIn() {
    Api.Response form = api.get("/console/sign-in").send();
    Api.Response r =
        api.post("/console/sign-in")
            .cookie("wa_console_sign_in", form.setCookie("wa_console_sign_in"))
            .form("_csrf", csrf(form.body()), "name", "hooks-operator", "password", PASSWORD)
            .send();
    assertEquals(303, r.status(), r.body());
    String session = r.setCookie(Guard.SESSION_COOKIE);
    Api.Response page = api.get("/console").cookie(Guard.SESSION_COOKIE, session).send();
    return new Browser(session, csrf(page.body()));
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertTrue(m.find(), "the page has a CSRF field");
    return m.group(1);
  }

  @Test
  void anOperatorAddsDisablesAndRemovesAWebhookAndSeesItsState() {
    Browser browser = signIn();
    assertEquals(201, browser.post("/console/clients", "name", "hooked-shop").status());

    Api.Response added =
        browser.post(
            "/console/clients/hooked-shop/webhooks",
            "url",
            "https://shop.example/hooks",
            "events",
            "message.sent",
            "events",
            "message.failed");
    assertEquals(201, added.status(), added.body());
    Matcher secret = SECRET.matcher(added.body());
    assertTrue(secret.find(), "the secret is shown once");

    Api.Response client = browser.get("/console/clients/hooked-shop");
    assertTrue(client.body().contains("https://shop.example/hooks"), client.body());
    assertTrue(client.body().contains("data-enabled=\"true\""));
    assertFalse(client.body().contains(secret.group(1)), "the secret is not shown again");

    Api.Response list = browser.get("/console/clients/hooked-shop/webhooks");
    assertTrue(list.body().contains("message.sent, message.failed"), list.body());
    Matcher id = Pattern.compile("data-webhook=\"([0-9]+)\"").matcher(list.body());
    assertTrue(id.find());
    String base = "/console/clients/hooked-shop/webhooks/" + id.group(1);

    assertEquals(303, browser.post(base + "/disable").status());
    Api.Response disabled = browser.get("/console/clients/hooked-shop");
    assertTrue(disabled.body().contains("class=\"badge bad\">disabled<"), disabled.body());
    assertTrue(disabled.body().contains("Disabled by an operator"), disabled.body());

    Api.Response rotated = browser.post(base + "/rotate-secret");
    assertEquals(200, rotated.status());
    Matcher newSecret = SECRET.matcher(rotated.body());
    assertTrue(newSecret.find());
    assertFalse(newSecret.group(1).equals(secret.group(1)));

    assertEquals(200, browser.get(base).status());
    assertEquals(200, browser.get(base + "?state=dead").status());
    assertEquals(303, browser.post(base + "/redeliver").status());
    assertEquals(303, browser.post(base + "/delete").status());
    assertFalse(
        browser.get("/console/clients/hooked-shop").body().contains("https://shop.example/hooks"));
  }

  @Test
  void aBadUrlIsRefusedNextToTheField() {
    Browser browser = signIn();
    assertEquals(201, browser.post("/console/clients", "name", "bad-hooks").status());
    Api.Response r = browser.post("/console/clients/bad-hooks/webhooks", "url", "ftp://nope");
    assertEquals(400, r.status());
    assertTrue(r.body().contains("id=\"url-error\""), r.body());
  }
}
