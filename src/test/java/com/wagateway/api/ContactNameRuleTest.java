package com.wagateway.api;

import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One rule for a contact's name on every route that writes one (issue 24): a name that shows
 * nothing is refused with 400 naming {@code name}, the contact keeps its name and no message is
 * stored.
 */
class ContactNameRuleTest {
  private static final String PHONE = "+972501234567";
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(ContactNameRuleTest.class);
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A fresh client with the contact "Dana"; answers its key and the contact's id. */
  private static Object[] clientWithDana() {
    String key = server.newClientKey("names");
    Api.Response created =
        api.post("/contacts").key(key).json(obj("name", "Dana", "phone", PHONE)).send();
    assertEquals(201, created.status(), created.body());
    return new Object[] {key, created.id()};
  }

  private static String firstField(JsonObject problem) {
    return problem.getAsJsonArray("errors").get(0).getAsJsonObject().get("field").getAsString();
  }

  private static void unchanged(String key, long contact) {
    assertEquals(
        "Dana", api.get("/contacts/" + contact).key(key).send().json().get("name").getAsString());
    assertEquals(0, api.get("/messages").key(key).send().data().size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\u200b", "\u00a0", "\u3164", "\udb40\udc41"})
  void contactsRoutesRefuseIt(String name) {
    Object[] c = clientWithDana();
    Api.Response r =
        api.patch("/contacts/" + c[1]).key((String) c[0]).json(obj("name", name)).send();
    assertEquals(400, r.status(), r.body());
    assertEquals("name", firstField(r.json()));
    unchanged((String) c[0], (Long) c[1]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\u200b", "\u00a0", "\u3164", "\udb40\udc41"})
  void messagesRefusesIt(String name) {
    Object[] c = clientWithDana();
    Api.Response r =
        api.post("/messages")
            .key((String) c[0])
            .json(obj("phone", PHONE, "name", name, "text", "hi"))
            .send();
    assertEquals(400, r.status(), r.body());
    assertEquals("name", firstField(r.json()));
    unchanged((String) c[0], (Long) c[1]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\u200b", "\u00a0", "\u3164", "\udb40\udc41"})
  void sendMessageRefusesIt(String name) {
    Object[] c = clientWithDana();
    Api.Response r =
        api.post("/send-message/")
            .json(obj("api_key", c[0], "phone", PHONE, "name", name, "text", "hi"))
            .send();
    assertEquals(400, r.status(), r.body());
    assertEquals("name", firstField(r.json()));
    unchanged((String) c[0], (Long) c[1]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\u200b", "\u00a0", "\u3164", "\udb40\udc41"})
  void batchRefusesItNamingTheItemAndField(String name) {
    Object[] c = clientWithDana();
    JsonArray items = new JsonArray();
    items.add(obj("phone", PHONE, "text", "fine"));
    items.add(obj("phone", PHONE, "name", name, "text", "hi"));
    Api.Response r =
        api.post("/messages/batch").key((String) c[0]).json(obj("messages", items)).send();
    assertEquals(400, r.status(), r.body());
    JsonObject bad = r.json().getAsJsonArray("items").get(0).getAsJsonObject();
    assertEquals(1, bad.get("index").getAsInt());
    assertEquals("name", firstField(bad));
    unchanged((String) c[0], (Long) c[1]);
  }
}
