package com.wagateway.api;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.wagateway.support.Api;
import com.wagateway.support.MediaFiles;
import com.wagateway.support.OpenApiContract;
import com.wagateway.support.TestServer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of the OpenAPI document against the live server, with the answers an
 * integrator meets most (success, then the usual failures); the test client validates each response
 * against the document. The walk fails if the document gains an operation it skips.
 */
class ContractWalkTest {
  private static final String ADMIN = TestServer.ADMIN_TOKEN;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(ContractWalkTest.class);
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyDocumentedOperationAnswersAsDocumented() {
    Set<String> walked = new TreeSet<>();
    String later = OffsetDateTime.now().plusDays(1).toString();

    // Admin first: it makes the client everything else uses.
    Api.Response created = api.post("/admin/clients").key(ADMIN).json(obj("name", "walker")).send();
    assertEquals(201, created.status());
    walked.add("POST /admin/clients");
    String key = created.json().get("api_key").getAsString();
    check(walked, "GET /admin/clients", api.get("/admin/clients").key(ADMIN).send(), 200);
    check(
        walked,
        "GET /admin/clients/{name}",
        api.get("/admin/clients/walker").key(ADMIN).send(),
        200);
    check(
        walked,
        "PATCH /admin/clients/{name}",
        api.patch("/admin/clients/walker").key(ADMIN).json(obj("quota_per_minute", 1000)).send(),
        200);
    check(
        walked,
        "POST /admin/clients/{name}/disable",
        api.post("/admin/clients/walker/disable").key(ADMIN).send(),
        200);
    check(
        walked,
        "POST /admin/clients/{name}/enable",
        api.post("/admin/clients/walker/enable").key(ADMIN).send(),
        200);
    Api.Response rotated = api.post("/admin/clients/walker/rotate-key").key(ADMIN).send();
    check(walked, "POST /admin/clients/{name}/rotate-key", rotated, 200);
    key = rotated.json().get("api_key").getAsString();

    // Webhooks.
    Api.Response hook =
        api.post("/admin/clients/walker/webhooks")
            .key(ADMIN)
            .json(obj("url", "http://127.0.0.1:9/hooks"))
            .send();
    check(walked, "POST /admin/clients/{name}/webhooks", hook, 201);
    String hookPath = "/admin/clients/walker/webhooks/" + hook.id();
    check(
        walked,
        "GET /admin/clients/{name}/webhooks",
        api.get("/admin/clients/walker/webhooks").key(ADMIN).send(),
        200);
    check(
        walked,
        "GET /admin/clients/{name}/webhooks/{id}",
        api.get(hookPath).key(ADMIN).send(),
        200);
    check(
        walked,
        "PATCH /admin/clients/{name}/webhooks/{id}",
        api.patch(hookPath).key(ADMIN).json(obj("enabled", false)).send(),
        200);
    check(
        walked,
        "POST /admin/clients/{name}/webhooks/{id}/rotate-secret",
        api.post(hookPath + "/rotate-secret").key(ADMIN).send(),
        200);
    check(
        walked,
        "GET /admin/clients/{name}/webhooks/{id}/deliveries",
        api.get(hookPath + "/deliveries?state=dead&limit=5").key(ADMIN).send(),
        200);
    check(
        walked,
        "POST /admin/clients/{name}/webhooks/{id}/redeliver",
        api.post(hookPath + "/redeliver").key(ADMIN).send(),
        200);
    check(
        walked,
        "POST /admin/clients/{name}/callback-secret",
        api.post("/admin/clients/walker/callback-secret").key(ADMIN).send(),
        200);
    check(
        walked,
        "DELETE /admin/clients/{name}/webhooks/{id}",
        api.delete(hookPath).key(ADMIN).send(),
        204);

    // Contacts.
    Api.Response contact =
        api.post("/contacts").key(key).json(obj("name", "Dana", "phone", "+972501234567")).send();
    check(walked, "POST /contacts", contact, 201);
    long contactId = contact.id();
    check(walked, "GET /contacts", api.get("/contacts?limit=1").key(key).send(), 200);
    check(walked, "GET /contacts/{id}", api.get("/contacts/" + contactId).key(key).send(), 200);
    check(
        walked,
        "PATCH /contacts/{id}",
        api.patch("/contacts/" + contactId).key(key).json(obj("name", "Dana L")).send(),
        200);

    // Media.
    byte[] pdf = MediaFiles.pdf(3_000, 1);
    Api.Response media =
        api.post("/media")
            .key(key)
            .header("Content-Type", MediaFiles.multipartType())
            .body(MediaFiles.multipart("walk.pdf", "application/pdf", pdf))
            .send();
    check(walked, "POST /media", media, 201);
    check(walked, "GET /media/{id}", api.get("/media/" + media.id()).key(key).send(), 200);
    check(
        walked,
        "GET /media/{id}/content",
        api.get("/media/" + media.id() + "/content").key(key).send(),
        200);
    long spare =
        api.post("/media?filename=spare.pdf")
            .key(key)
            .header("Content-Type", "application/pdf")
            .body(MediaFiles.pdf(2_000, 2))
            .send()
            .id();
    check(walked, "DELETE /media/{id}", api.delete("/media/" + spare).key(key).send(), 204);

    // Messages.
    check(
        walked,
        "POST /send-message/",
        api.post("/send-message/")
            .json(obj("api_key", key, "phone", "+972501234567", "message", "seed"))
            .send(),
        201);
    check(
        walked,
        "POST /send-message",
        api.post("/send-message")
            .key(key)
            .json(obj("phone", "+972501234567", "text", "seed"))
            .send(),
        201);
    Api.Response message =
        api.post("/messages")
            .key(key)
            .header("Idempotency-Key", "walk-1")
            .json(obj("contact_id", contactId, "text", "hello", "send_at", later))
            .send();
    check(walked, "POST /messages", message, 201);
    api.post("/messages")
        .key(key)
        .header("Idempotency-Key", "walk-1")
        .json(obj("contact_id", contactId, "text", "hello", "send_at", later))
        .send();
    JsonArray items = new JsonArray();
    items.add(obj("contact_id", contactId, "text", "one", "send_at", later));
    items.add(obj("phone", "+5511987654321", "name", "Rui", "text", "two", "send_at", later));
    check(
        walked,
        "POST /messages/batch",
        api.post("/messages/batch").key(key).json(obj("messages", items)).send(),
        201);
    check(
        walked, "GET /messages", api.get("/messages?limit=2&status=pending").key(key).send(), 200);
    check(walked, "GET /messages/{id}", api.get("/messages/" + message.id()).key(key).send(), 200);
    check(
        walked,
        "DELETE /messages/{id}",
        api.delete("/messages/" + message.id()).key(key).send(),
        200);
    server
        .db()
        .dsl()
        .update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.STATUS, "failed")
        .set(MESSAGE_QUEUE.ERROR_REASON, "not on WhatsApp")
        .where(MESSAGE_QUEUE.ID.eq(message.id()))
        .execute();
    check(
        walked,
        "POST /messages/{id}/retry",
        api.post("/messages/" + message.id() + "/retry").key(key).send(),
        200);

    check(walked, "GET /admin/stats", api.get("/admin/stats").key(ADMIN).send(), 200);
    check(
        walked,
        "GET /admin/messages",
        api.get("/admin/messages?client=walker&limit=3").key(ADMIN).send(),
        200);
    check(walked, "GET /openapi.json", api.get("/openapi.json").send(), 200);
    check(walked, "GET /health/live", api.get("/health/live").send(), 200);
    check(walked, "GET /health/ready", api.get("/health/ready").send(), 200);
    check(walked, "GET /metrics", api.get("/metrics").send(), 200);
    check(
        walked,
        "GET /admin/whatsapp/status",
        api.get("/admin/whatsapp/status").key(ADMIN).send(),
        200);
    // The walk runs the dry-run sender: there is no QR code, page or session to resume.
    check(walked, "GET /admin/whatsapp/qr", api.get("/admin/whatsapp/qr").key(ADMIN).send(), 409);
    check(
        walked,
        "GET /admin/whatsapp/selectors",
        api.get("/admin/whatsapp/selectors").key(ADMIN).send(),
        409);
    check(
        walked,
        "POST /admin/whatsapp/resume",
        api.post("/admin/whatsapp/resume").key(ADMIN).send(),
        409);
    check(
        walked,
        "POST /admin/whatsapp/pairing-code",
        api.post("/admin/whatsapp/pairing-code")
            .key(ADMIN)
            .json(obj("phone", "+972501234567"))
            .send(),
        409);
    check(
        walked,
        "POST /admin/sessions/{name}/pairing-code",
        api.post("/admin/sessions/default/pairing-code")
            .key(ADMIN)
            .json(obj("phone", "+972501234567"))
            .send(),
        409);
    // Without a page every answer is unknown, at once.
    Api.Response checked =
        api.post("/numbers/check").key(key).json(obj("phones", List.of("+972501234567"))).send();
    check(walked, "POST /numbers/check", checked, 200);
    assertTrue(
        checked
            .json()
            .getAsJsonArray("numbers")
            .get(0)
            .getAsJsonObject()
            .get("on_whatsapp")
            .isJsonNull());
    check(
        walked,
        "GET /contacts/{id}/whatsapp",
        api.get("/contacts/" + contactId + "/whatsapp").key(key).send(),
        200);

    // Sessions: the dry-run sender runs no browser, so none runs the new session.
    check(
        walked,
        "POST /admin/sessions",
        api.post("/admin/sessions").key(ADMIN).json(obj("name", "walk-session")).send(),
        201);
    check(walked, "GET /admin/sessions", api.get("/admin/sessions").key(ADMIN).send(), 200);
    check(
        walked,
        "GET /admin/sessions/{name}",
        api.get("/admin/sessions/walk-session").key(ADMIN).send(),
        200);
    check(
        walked,
        "GET /admin/sessions/{name}/qr",
        api.get("/admin/sessions/walk-session/qr").key(ADMIN).send(),
        404);
    for (String command : new String[] {"restart", "logout", "resume"}) {
      check(
          walked,
          "POST /admin/sessions/{name}/" + command,
          api.post("/admin/sessions/walk-session/" + command).key(ADMIN).send(),
          409);
    }
    check(
        walked,
        "DELETE /admin/sessions/{name}",
        api.delete("/admin/sessions/walk-session").key(ADMIN).send(),
        204);

    // The usual failures, each validated against its documented problem.
    api.post("/messages").key(key).json(obj("phone", "12", "text", "")).send();
    api.post("/messages").key(key).header("Content-Type", "text/plain").json("hi").send();
    api.post("/messages").key(key).header("Content-Type", "application/json").json("{").send();
    api.post("/messages")
        .key(key)
        .header("Idempotency-Key", "walk-1")
        .json(obj("phone", "+972501234567", "text", "other"))
        .send();
    api.post("/messages")
        .key(key)
        .json(obj("phone", "+972501234567", "text", "x".repeat(70_000)))
        .send();
    api.get("/messages/0").key(key).send();
    api.get("/messages").send();
    api.post("/contacts").key(key).json(obj("name", "Dup", "phone", "+972501234567")).send();
    check(
        walked, "DELETE /contacts/{id}", api.delete("/contacts/" + contactId).key(key).send(), 409);
    api.post("/admin/clients").key("wrong").json(obj("name", "x")).send();
    check(
        walked,
        "DELETE /admin/clients/{name}",
        api.delete("/admin/clients/walker").key(ADMIN).send(),
        204);

    Set<String> documented = new TreeSet<>();
    JsonObject paths = OpenApiContract.get().document().getAsJsonObject("paths");
    for (String path : paths.keySet()) {
      for (String method : paths.getAsJsonObject(path).keySet()) {
        if (!method.equals("parameters"))
          documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
      }
    }
    assertEquals(documented, walked, "every documented operation walked, and nothing undocumented");
  }

  private static void check(
      Set<String> walked, String operation, Api.Response response, int expected) {
    assertEquals(expected, response.status(), operation + ": " + response.body());
    assertTrue(walked.add(operation), operation + " walked twice");
  }
}
