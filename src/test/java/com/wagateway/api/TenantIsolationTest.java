package com.wagateway.api;

import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.wagateway.http.Cursor;
import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every client route, called by client B with client A's ids: each is a 404 (or 422 in a body), and
 * A's rows stay as they were.
 */
class TenantIsolationTest {
  private static TestServer server;
  private static Api api;
  private static String owner;
  private static String stranger;
  private static long contact;
  private static long pending;
  private static long failed;

  @BeforeAll
  static void start() {
    server = TestServer.start(TenantIsolationTest.class);
    api = server.api();
    owner = server.newClientKey("owner");
    stranger = server.newClientKey("stranger");
    contact =
        api.post("/contacts")
            .key(owner)
            .json(obj("name", "Mine", "phone", "+14155550600"))
            .send()
            .id();
    String later = OffsetDateTime.now().plusDays(1).toString();
    pending =
        api.post("/messages")
            .key(owner)
            .json(obj("contact_id", contact, "text", "p", "send_at", later))
            .send()
            .id();
    failed =
        api.post("/messages")
            .key(owner)
            .json(obj("contact_id", contact, "text", "f", "send_at", later))
            .send()
            .id();
    server
        .db()
        .dsl()
        .update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, "failed")
        .where(MESSAGE_QUEUE.ID.eq(failed))
        .execute();
    // The stranger has data of its own, so an empty list cannot pass by accident.
    api.post("/contacts").key(stranger).json(obj("name", "Theirs", "phone", "+14155550601")).send();
    api.post("/messages")
        .key(stranger)
        .json(obj("phone", "+14155550601", "text", "t", "send_at", later))
        .send();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anotherClientsContactIsNotFound() {
    assertEquals(404, api.get("/contacts/" + contact).key(stranger).send().status());
    assertEquals(
        404,
        api.patch("/contacts/" + contact)
            .key(stranger)
            .json(obj("name", "Stolen"))
            .send()
            .status());
    assertEquals(404, api.delete("/contacts/" + contact).key(stranger).send().status());
    assertEquals("Mine", server.db().dsl().fetchValue(CONTACT.NAME, CONTACT.ID.eq(contact)));
  }

  @Test
  void anotherClientsMessageIsNotFound() {
    assertEquals(404, api.get("/messages/" + pending).key(stranger).send().status());
    assertEquals(404, api.delete("/messages/" + pending).key(stranger).send().status());
    assertEquals(404, api.post("/messages/" + failed + "/retry").key(stranger).send().status());
    assertEquals("pending", status(pending));
    assertEquals("failed", status(failed));
  }

  @Test
  void anotherClientsContactCannotBeMessaged() {
    assertEquals(
        422,
        api.post("/messages")
            .key(stranger)
            .json(obj("contact_id", contact, "text", "x"))
            .send()
            .status());
    JsonArray items = new JsonArray();
    items.add(obj("contact_id", contact, "text", "x"));
    assertEquals(
        422,
        api.post("/messages/batch").key(stranger).json(obj("messages", items)).send().status());
  }

  @Test
  void listsShowOnlyTheCallersRows() {
    assertEquals(List.of("Theirs"), names(api.get("/contacts").key(stranger).send().data()));
    assertEquals(0, api.get("/contacts?phone=14155550600").key(stranger).send().data().size());
    assertEquals(1, api.get("/messages").key(stranger).send().data().size());
    assertEquals(0, api.get("/messages?contact_id=" + contact).key(stranger).send().data().size());
    assertEquals(2, api.get("/messages").key(owner).send().data().size());
  }

  @Test
  void anotherClientsCursorShowsOnlyTheCallersRows() {
    String ownerCursor = Cursor.encode(failed + 1);
    Api.Response page = api.get("/messages?cursor=" + ownerCursor).key(stranger).send();
    assertEquals(200, page.status());
    page.data()
        .forEach(m -> assertEquals(false, m.getAsJsonObject().get("id").getAsLong() == pending));
  }

  @Test
  void samePhoneThroughTheSeedRouteCreatesTheCallersOwnContact() {
    Api.Response r =
        api.post("/send-message/")
            .key(stranger)
            .json(obj("phone", "+14155550600", "name", "Mine too", "text", "x"))
            .send();
    assertEquals(201, r.status());
    assertEquals(false, r.json().get("contact_id").getAsLong() == contact);
    assertEquals("Mine", server.db().dsl().fetchValue(CONTACT.NAME, CONTACT.ID.eq(contact)));
  }

  private static String status(long id) {
    return server.db().dsl().fetchValue(MESSAGE_QUEUE.STATUS, MESSAGE_QUEUE.ID.eq(id));
  }

  private static List<String> names(JsonArray data) {
    List<String> names = new ArrayList<>();
    data.forEach(c -> names.add(c.getAsJsonObject().get("name").getAsString()));
    return names;
  }
}
