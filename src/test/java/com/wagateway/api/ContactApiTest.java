package com.wagateway.api;

import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ContactApiTest {
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(ContactApiTest.class);
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void createdContactIsReadBackWithItsPhoneInE164() {
    String key = server.newClientKey("c");
    Api.Response created =
        api.post("/contacts")
            .key(key)
            .json(obj("name", " Dana ", "phone", "+972 50-123-4567"))
            .send();
    assertEquals(201, created.status(), created.body());
    assertEquals("/contacts/" + created.id(), created.header("Location"));
    assertEquals("+972501234567", created.json().get("phone").getAsString());
    assertEquals("Dana", created.json().get("name").getAsString());

    Api.Response read = api.get("/contacts/" + created.id()).header("X-API-Key", key).send();
    assertEquals(200, read.status());
    assertEquals(created.json(), read.json());
  }

  @Test
  void duplicatePhoneIsAConflictNamingTheExistingContact() {
    String key = server.newClientKey("c");
    long first =
        api.post("/contacts")
            .key(key)
            .json(obj("name", "A", "phone", "+5511987654321"))
            .send()
            .id();
    Api.Response again =
        api.post("/contacts").key(key).json(obj("name", "B", "phone", "+55 11 98765-4321")).send();
    assertEquals(409, again.status());
    assertEquals(first, again.json().get("existing_id").getAsLong());

    long second =
        api.post("/contacts")
            .key(key)
            .json(obj("name", "C", "phone", "+5511912345678"))
            .send()
            .id();
    Api.Response patch =
        api.patch("/contacts/" + second).key(key).json(obj("phone", "+5511987654321")).send();
    assertEquals(409, patch.status());
  }

  @Test
  void samePhoneMayBelongToTwoClients() {
    String a = server.newClientKey("c");
    String b = server.newClientKey("c");
    assertEquals(
        201,
        api.post("/contacts")
            .key(a)
            .json(obj("name", "A", "phone", "+14155550100"))
            .send()
            .status());
    assertEquals(
        201,
        api.post("/contacts")
            .key(b)
            .json(obj("name", "B", "phone", "+14155550100"))
            .send()
            .status());
  }

  @Test
  void invalidFieldsAreAllNamed() {
    String key = server.newClientKey("c");
    Api.Response r = api.post("/contacts").key(key).json(obj("name", "  ", "phone", "12")).send();
    assertEquals(400, r.status());
    Set<String> fields = new HashSet<>();
    r.json()
        .getAsJsonArray("errors")
        .forEach(e -> fields.add(e.getAsJsonObject().get("field").getAsString()));
    assertEquals(Set.of("name", "phone"), fields);
    assertEquals(
        400,
        api.post("/contacts")
            .key(key)
            .json(obj("name", "a\u0000b", "phone", "+14155550101"))
            .send()
            .status());
    assertEquals(400, api.patch("/contacts/1").key(key).json(obj()).send().status());
    assertEquals(
        400,
        api.post("/contacts")
            .key(key)
            .header("Content-Type", "application/json")
            .json("{\"name\": null, \"phone\": \"+14155550101\"}")
            .send()
            .status());
    assertEquals(
        415,
        api.post("/contacts")
            .key(key)
            .header("Content-Type", "text/plain")
            .json("{}")
            .send()
            .status());
  }

  @Test
  void patchRenamesAndChangesPhone() {
    String key = server.newClientKey("c");
    long id =
        api.post("/contacts")
            .key(key)
            .json(obj("name", "Old", "phone", "+14155550102"))
            .send()
            .id();
    Api.Response r = api.patch("/contacts/" + id).key(key).json(obj("name", "New")).send();
    assertEquals(200, r.status());
    assertEquals("New", r.json().get("name").getAsString());
    assertEquals("+14155550102", r.json().get("phone").getAsString());
    r = api.patch("/contacts/" + id).key(key).json(obj("phone", "+14155550103")).send();
    assertEquals("+14155550103", r.json().get("phone").getAsString());
    assertEquals(
        404, api.patch("/contacts/999999").key(key).json(obj("name", "x")).send().status());
  }

  @Test
  void pagesWalkEveryContactOnceAndFiltersNarrowThem() {
    String key = server.newClientKey("c");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String name = (i % 2 == 0 ? "Even " : "Odd ") + i;
      ids.add(
          api.post("/contacts")
              .key(key)
              .json(obj("name", name, "phone", "+1415555020" + i))
              .send()
              .id());
    }
    List<Long> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Api.Response page =
          api.get("/contacts?limit=3" + (cursor == null ? "" : "&cursor=" + cursor))
              .key(key)
              .send();
      assertEquals(200, page.status());
      page.data().forEach(c -> seen.add(c.getAsJsonObject().get("id").getAsLong()));
      JsonElement next = page.json().get("next_cursor");
      cursor = next.isJsonNull() ? null : next.getAsString();
      pages++;
    } while (cursor != null);
    assertEquals(ids, seen);
    assertEquals(3, pages);

    assertEquals(3, api.get("/contacts?name=odd").key(key).send().data().size());
    Api.Response byPhone = api.get("/contacts?phone=%2B1%20415%20555%200204").key(key).send();
    assertEquals(1, byPhone.data().size());
    assertEquals("Even 4", byPhone.data().get(0).getAsJsonObject().get("name").getAsString());
    assertEquals(0, api.get("/contacts?name=%25").key(key).send().data().size());
    assertEquals(400, api.get("/contacts?limit=0").key(key).send().status());
    assertEquals(400, api.get("/contacts?limit=101").key(key).send().status());
    assertEquals(400, api.get("/contacts?cursor=garbage").key(key).send().status());
    assertEquals(400, api.get("/contacts?phone=abc").key(key).send().status());
  }

  @Test
  void deletingAContactWithPendingMessagesIsRefusedAndSaysWhy() {
    String key = server.newClientKey("c");
    long contact =
        api.post("/contacts").key(key).json(obj("name", "P", "phone", "+14155550300")).send().id();
    String tomorrow = OffsetDateTime.now().plusDays(1).toString();
    long pending =
        api.post("/messages")
            .key(key)
            .json(obj("contact_id", contact, "text", "later", "send_at", tomorrow))
            .send()
            .id();

    Api.Response refused = api.delete("/contacts/" + contact).key(key).send();
    assertEquals(409, refused.status());
    assertTrue(
        refused.json().get("detail").getAsString().contains("1 message pending"), refused.body());

    assertEquals(200, api.delete("/messages/" + pending).key(key).send().status());
    Api.Response deleted = api.delete("/contacts/" + contact).key(key).send();
    assertEquals(204, deleted.status());
    assertEquals(404, api.get("/contacts/" + contact).key(key).send().status());
    assertEquals(404, api.get("/messages/" + pending).key(key).send().status());
    assertEquals(404, api.delete("/contacts/" + contact).key(key).send().status());
  }

  @Test
  void nonNumericIdIsNotFound() {
    String key = server.newClientKey("c");
    Api.Response r = api.get("/contacts/abc").key(key).send();
    assertEquals(404, r.status());
    assertNotNull(r.json().get("detail"));
    assertNull(r.json().get("errors"));
  }
}
