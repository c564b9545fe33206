package com.wagateway.numbers;

import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.WhatsAppTestSupport;
import com.wagateway.whatsapp.WhatsAppWebSender;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Is this number on WhatsApp: asked of the page once, then answered from PostgreSQL. */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NumberCheckTest {
  private TestDatabase db;
  private FakeWhatsAppWeb fake;
  private App app;
  private Api api;
  private String key;
  private WhatsAppWebSender sender;

  @BeforeAll
  void start(@TempDir Path dir) {
    db = TestDatabase.create(NumberCheckTest.class);
    fake = FakeWhatsAppWeb.fast();
    key = new ClientService(db.dsl()).create("numbers-test", null).apiKey();
    Map<String, String> env = WhatsAppTestSupport.env(fake, dir.resolve("profile"));
    app =
        App.serve(
            TestConfig.config(db, dir, env),
            config -> {
              sender = new WhatsAppWebSender(config.whatsapp());
              return sender;
            });
    api = new Api(app.httpPort());
    WhatsAppTestSupport.logIn(fake, sender);
  }

  @AfterAll
  void stop() {
    if (app != null) app.close();
    if (fake != null) fake.close();
    if (db != null) db.close();
  }

  private JsonArray check(String... phones) {
    JsonArray list = new JsonArray();
    for (String p : phones) list.add(p);
    Api.Response r = api.post("/numbers/check").key(key).json(obj("phones", list)).send();
    assertEquals(200, r.status(), r.toString());
    return r.json().getAsJsonArray("numbers");
  }

  private static JsonObject at(JsonArray a, int i) {
    return a.get(i).getAsJsonObject();
  }

  @Test
  void numbersAreAnsweredFromThePageAndThenFromTheCache() {
    fake.markUnknown("+972504000002");
    JsonArray first = check("+972504000001", "+972504000002");
    assertTrue(at(first, 0).get("on_whatsapp").getAsBoolean());
    assertFalse(at(first, 1).get("on_whatsapp").getAsBoolean());
    assertEquals("page", at(first, 0).get("source").getAsString());
    assertEquals("page", at(first, 1).get("source").getAsString());
    assertFalse(at(first, 0).get("checked_at").isJsonNull());
    int asked = fake.existenceChecks("+972504000001") + fake.existenceChecks("+972504000002");
    assertEquals(2, asked, "each number asked of the page once");

    JsonArray again = check("+972504000002", "+972504000001");
    assertEquals("+972504000002", at(again, 0).get("phone").getAsString());
    assertFalse(at(again, 0).get("on_whatsapp").getAsBoolean());
    assertTrue(at(again, 1).get("on_whatsapp").getAsBoolean());
    assertEquals("cache", at(again, 0).get("source").getAsString());
    assertEquals("cache", at(again, 1).get("source").getAsString());
    assertEquals(
        at(first, 0).get("checked_at").getAsString(), at(again, 1).get("checked_at").getAsString());
    assertEquals(
        asked,
        fake.existenceChecks("+972504000001") + fake.existenceChecks("+972504000002"),
        "the second answer came from the cache");
    assertEquals(
        List.of(),
        fake.deliveries().stream()
            .map(FakeWhatsAppWeb.Delivery::phone)
            .filter(p -> p.startsWith("97250400000"))
            .toList(),
        "a check sends nothing");
  }

  @Test
  void aContactsNumberIsCheckedThroughItsOwnRoute() {
    Api.Response created =
        api.post("/contacts").key(key).json(obj("name", "Dana", "phone", "+972504000010")).send();
    assertEquals(201, created.status(), created.toString());
    JsonObject r = api.get("/contacts/" + created.id() + "/whatsapp").key(key).send().json();
    assertEquals(created.id(), r.get("contact_id").getAsLong());
    assertEquals("+972504000010", r.get("phone").getAsString());
    assertTrue(r.get("on_whatsapp").getAsBoolean());
    assertEquals(404, api.get("/contacts/999999/whatsapp").key(key).send().status());
  }

  @Test
  void aMessageToANumberKnownNotToBeOnWhatsAppFailsWithoutOpeningThePage() {
    fake.markUnknown("+972504000020");
    assertFalse(at(check("+972504000020"), 0).get("on_whatsapp").getAsBoolean());
    int loads = fake.pageLoads();
    int asked = fake.existenceChecks("+972504000020");
    int opened = fake.chatsOpened("link") + fake.chatsOpened("search") + fake.chatsOpened("url");
    long id = WhatsAppTestSupport.send(api, key, "+972504000020", "are you there?");
    WhatsAppTestSupport.await(
        Duration.ofSeconds(20),
        () -> WhatsAppTestSupport.status(api, key, id).equals("failed"),
        () -> "message " + WhatsAppTestSupport.message(api, key, id));
    String reason = WhatsAppTestSupport.message(api, key, id).get("error_reason").getAsString();
    assertTrue(reason.startsWith("+972504000020 is not on WhatsApp"), reason);
    assertEquals(loads, fake.pageLoads(), "no page load");
    assertEquals(asked, fake.existenceChecks("+972504000020"), "the page was not asked again");
    assertEquals(
        opened, fake.chatsOpened("link") + fake.chatsOpened("search") + fake.chatsOpened("url"));
    assertEquals(List.of(), fake.textsTo("+972504000020"));
  }

  @Test
  void aMessageRetriedOnPurposeAsksWhatsAppAgain() {
    fake.markUnknown("+972504000040");
    assertFalse(at(check("+972504000040"), 0).get("on_whatsapp").getAsBoolean());
    long id = WhatsAppTestSupport.send(api, key, "+972504000040", "now?");
    WhatsAppTestSupport.await(
        Duration.ofSeconds(20),
        () -> WhatsAppTestSupport.status(api, key, id).equals("failed"),
        () -> "message " + WhatsAppTestSupport.message(api, key, id));
    fake.markKnown("+972504000040"); // the number joined WhatsApp
    assertEquals(200, api.post("/messages/" + id + "/retry").key(key).send().status());
    WhatsAppTestSupport.await(
        Duration.ofSeconds(20),
        () -> WhatsAppTestSupport.status(api, key, id).equals("sent"),
        () -> "message " + WhatsAppTestSupport.message(api, key, id));
    assertEquals(List.of("now?"), fake.textsTo("+972504000040"));
    assertTrue(at(check("+972504000040"), 0).get("on_whatsapp").getAsBoolean(), "learnt again");
  }

  @Test
  void aSendTeachesTheCacheAboutItsNumber() {
    long id = WhatsAppTestSupport.send(api, key, "+972504000030", "hello");
    WhatsAppTestSupport.await(
        Duration.ofSeconds(20),
        () -> WhatsAppTestSupport.status(api, key, id).equals("sent"),
        () -> "message " + WhatsAppTestSupport.message(api, key, id));
    JsonObject answer = at(check("+972504000030"), 0);
    assertTrue(answer.get("on_whatsapp").getAsBoolean());
    assertEquals("cache", answer.get("source").getAsString());
  }

  @Test
  void badListsAreRefusedNamingTheField() {
    assertField(api.post("/numbers/check").key(key).json(obj()).send(), "phones");
    assertField(
        api.post("/numbers/check").key(key).json(obj("phones", "+972504000001")).send(), "phones");
    assertField(
        api.post("/numbers/check").key(key).json(obj("phones", new JsonArray())).send(), "phones");
    JsonArray many = new JsonArray();
    for (int i = 0; i < 51; i++) many.add("+9725040001" + (10 + i));
    assertField(api.post("/numbers/check").key(key).json(obj("phones", many)).send(), "phones");
    JsonArray bad = new JsonArray();
    bad.add("+972504000001");
    bad.add("call me");
    assertField(api.post("/numbers/check").key(key).json(obj("phones", bad)).send(), "phones[1]");
    assertEquals(401, api.post("/numbers/check").json(obj("phones", bad)).send().status());
  }

  private static void assertField(Api.Response r, String field) {
    assertEquals(400, r.status(), r.toString());
    List<String> fields = new ArrayList<>();
    r.json()
        .getAsJsonArray("errors")
        .forEach(e -> fields.add(e.getAsJsonObject().get("field").getAsString()));
    assertEquals(List.of(field), fields, r.toString());
  }
}
