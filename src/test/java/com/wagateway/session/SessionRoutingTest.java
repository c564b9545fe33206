package com.wagateway.session;

import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.client.ClientSessions;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.WhatsAppTestSupport;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sessions on one instance, each linked to its own phone by its own scan: each client's
 * messages leave from its own account, and a session that is logged out holds back only its own.
 */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionRoutingTest {
  private static final String ADMIN = WhatsAppTestSupport.ADMIN_TOKEN;
  private static final String SHOP_A = "+972500000011";
  private static final String SHOP_B = "+972500000022";
  private static final String CUSTOMER = "+972501112233";

  private TestDatabase db;
  private FakeWhatsAppWeb fake;
  private App app;
  private Api api;
  private String keyA;
  private String keyB;

  @BeforeAll
  void start(@TempDir Path dir) {
    db = TestDatabase.create(SessionRoutingTest.class);
    fake = FakeWhatsAppWeb.fast();
    ClientService clients = new ClientService(db.dsl());
    keyA = clients.create("shop-a", null, 0, 0).apiKey();
    keyB = clients.create("shop-b", null, 0, 0).apiKey();
    // Only shop-a's session at first: two pages showing a QR at once would show the double's one
    // QR, and a scan would link whichever polled first.
    new SessionService(db.dsl(), null).create("a");
    new ClientSessions(db.dsl()).set("shop-a", "a", null);
    new ClientSessions(db.dsl()).set("shop-b", "a", null);
    new SessionService(db.dsl(), null).delete("default");

    Map<String, String> env = new HashMap<>(WhatsAppTestSupport.env(fake, dir.resolve("profile")));
    env.put("WA_MAX_SESSIONS", "2");
    env.put("WA_SESSION_LEASE", "3s");
    env.put("WA_PROFILE_SAVE_INTERVAL", "3s");
    app = App.serve(TestConfig.config(db, dir, env));
    api = new Api(app.httpPort());

    link("a", SHOP_A);
    Api.Response created = api.post("/admin/sessions").key(ADMIN).json(obj("name", "b")).send();
    assertEquals(201, created.status(), created.toString());
    link("b", SHOP_B);
    Api.Response moved =
        api.patch("/admin/clients/shop-b").key(ADMIN).json(obj("session", "b")).send();
    assertEquals(200, moved.status(), moved.toString());
    assertEquals("b", moved.json().get("session").getAsString());
  }

  @AfterAll
  void stop() {
    if (app != null) app.close();
    if (fake != null) fake.close();
    if (db != null) db.close();
  }

  @Test
  @Order(1)
  void eachClientsMessagesLeaveFromItsOwnAccount() {
    List<Long> ids = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      ids.add(WhatsAppTestSupport.send(api, keyA, CUSTOMER, "from shop a #" + i));
      ids.add(WhatsAppTestSupport.send(api, keyB, CUSTOMER, "from shop b #" + i));
    }
    awaitSent(ids);
    assertEquals(
        List.of("from shop a #1", "from shop a #2", "from shop a #3"), fake.textsFrom(SHOP_A));
    assertEquals(
        List.of("from shop b #1", "from shop b #2", "from shop b #3"), fake.textsFrom(SHOP_B));
    JsonArray sessions = api.get("/admin/sessions").key(ADMIN).send().json().getAsJsonArray("data");
    assertEquals(2, sessions.size());
    assertEquals(SHOP_A, sessions.get(0).getAsJsonObject().get("phone").getAsString());
    assertEquals(SHOP_B, sessions.get(1).getAsJsonObject().get("phone").getAsString());
  }

  @Test
  @Order(2)
  void aMessageNamingAnAllowedSessionLeavesFromThatAccount() {
    Api.Response refused =
        api.post("/messages")
            .key(keyA)
            .json(obj("phone", CUSTOMER, "text", "not yet allowed", "session", "b"))
            .send();
    assertEquals(422, refused.status(), refused.toString());
    assertTrue(refused.body().contains("\"session\""), refused.body());

    Api.Response allowed =
        api.patch("/admin/clients/shop-a")
            .key(ADMIN)
            .json(obj("allowed_sessions", List.of("b")))
            .send();
    assertEquals(List.of("b"), List.of(allowed.json().get("allowed_sessions").getAsString()));
    Api.Response sent =
        api.post("/messages")
            .key(keyA)
            .json(obj("phone", CUSTOMER, "text", "shop a through b", "session", "b"))
            .send();
    assertEquals(201, sent.status(), sent.toString());
    awaitSent(List.of(sent.id()));
    assertEquals("shop a through b", last(fake.textsFrom(SHOP_B)));
  }

  @Test
  @Order(3)
  void aLoggedOutSessionHoldsBackOnlyItsOwnMessages() {
    fake.logout(SHOP_B);
    WhatsAppTestSupport.await(
        Duration.ofSeconds(15),
        () -> !state("b").equals("ready"),
        () -> "session b still " + state("b"));
    long fromB = WhatsAppTestSupport.send(api, keyB, CUSTOMER, "waits for b");
    long fromA = WhatsAppTestSupport.send(api, keyA, CUSTOMER, "goes from a");
    awaitSent(List.of(fromA));
    assertEquals("goes from a", last(fake.textsFrom(SHOP_A)));
    assertEquals("pending", WhatsAppTestSupport.status(api, keyB, fromB));
    assertTrue(!fake.textsFrom(SHOP_B).contains("waits for b"));

    link("b", SHOP_B);
    awaitSent(List.of(fromB));
    assertEquals("waits for b", last(fake.textsFrom(SHOP_B)));
  }

  /** Waits for the session's page to show a QR, scans it with {@code phone}, waits until ready. */
  private void link(String session, String phone) {
    WhatsAppTestSupport.await(
        Duration.ofSeconds(30),
        () -> fake.qrShowing() && List.of("qr_required", "logged_out").contains(state(session)),
        () -> "session " + session + " shows no QR; state " + state(session));
    fake.scan(phone);
    WhatsAppTestSupport.await(
        Duration.ofSeconds(20),
        () -> state(session).equals("ready"),
        () -> "session " + session + " not ready after the scan; " + state(session));
  }

  private String state(String session) {
    return api.get("/admin/sessions/" + session)
        .key(ADMIN)
        .send()
        .json()
        .get("state")
        .getAsString();
  }

  private void awaitSent(List<Long> ids) {
    WhatsAppTestSupport.await(
        Duration.ofSeconds(30),
        () -> ids.stream().allMatch(id -> status(id).equals("sent")),
        () -> "statuses " + ids.stream().map(this::status).toList());
  }

  private String status(long id) {
    Api.Response r = api.get("/admin/messages?limit=100").key(ADMIN).send();
    for (var m : r.data()) {
      if (m.getAsJsonObject().get("id").getAsLong() == id)
        return m.getAsJsonObject().get("status").getAsString();
    }
    return "missing";
  }

  private static String last(List<String> texts) {
    return texts.isEmpty() ? null : texts.get(texts.size() - 1);
  }
}
