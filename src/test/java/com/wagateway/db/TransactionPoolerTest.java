package com.wagateway.db;

import static com.wagateway.support.Api.obj;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.wagateway.operator.OperatorService;
import com.wagateway.support.Api;
import com.wagateway.support.PgBouncer;
import com.wagateway.support.TestServer;
import com.wagateway.support.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole service behind a real PgBouncer in transaction mode (issue 24): three server
 * connections shared by every pool, so a session setting or a server-side prepared statement left
 * by one transaction would meet the next. Migrations go straight to PostgreSQL
 * (WA_DATABASE_MIGRATION_URL), as poolers advise.
 */
class TransactionPoolerTest {
  private static final String ADMIN = TestServer.ADMIN_TOKEN;
  private static final String PHONE = "+972501234567";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static PgBouncer bouncer;
  private static TestServer server;
  private static WebhookReceiver receiver;
  private static Api api;
  private static DSLContext direct;

  @BeforeAll
  static void start() {
    assumeTrue(
        PgBouncer.binary().isPresent(),
        "PgBouncer is not installed (/usr/sbin/pgbouncer): apt-get install pgbouncer; .ci/run"
            + " installs it");
    receiver = WebhookReceiver.start();
    server =
        TestServer.start(
            TransactionPoolerTest.class,
            db -> {
              // As in production (the embedded test server relaxes it for speed): every session
              // PgBouncer opens starts with commits that wait for the disk, so a relaxed intake
              // could only come from a setting left behind by the worker.
              db.dsl()
                  .execute(
                      "ALTER DATABASE \""
                          + db.dsl().fetchValue("SELECT current_database()")
                          + "\" SET synchronous_commit = on");
              bouncer = PgBouncer.inFrontOf(db, 3);
              return Map.of(
                  "WA_DATABASE_URL", bouncer.url(),
                  "WA_DATABASE_POOLER", "transaction",
                  "WA_DATABASE_MIGRATION_URL", db.url(),
                  "WA_WEBHOOK_POLL_INTERVAL", "50ms",
                  "WA_WEBHOOK_CALLBACK_PRIVATE", "true",
                  "WA_QUOTA_PER_MINUTE", "0",
                  "WA_QUOTA_PER_DAY", "0");
            });
    api = server.api();
    direct = server.db().dsl();
    // Each row written to the queue notes the synchronous_commit in force in the transaction
    // that wrote it: what a crash of PostgreSQL would keep.
    direct.execute(
        "CREATE TABLE commit_seen (op text, status text, synchronous_commit text);"
            + " CREATE FUNCTION note_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " INSERT INTO commit_seen VALUES (TG_OP, NEW.status,"
            + " current_setting('synchronous_commit')); RETURN NEW; END $$;"
            + " CREATE TRIGGER note_commit AFTER INSERT OR UPDATE ON message_queue"
            + " FOR EACH ROW EXECUTE FUNCTION note_commit();");
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (bouncer != null) bouncer.close();
    if (receiver != null) receiver.close();
  }

  private static String[] newClient(String name) {
    Api.Response created = api.post("/admin/clients").key(ADMIN).json(obj("name", name)).send();
    assertEquals(201, created.status(), created.body());
    return new String[] {name, created.json().get("api_key").getAsString()};
  }

  @Test
  void everyRouteWritingMessagesWorksAndTheWorkerAndDispatcherDrainThem() {
    String[] client = newClient("pooled");
    Api.Response hook =
        api.post("/admin/clients/pooled/webhooks")
            .key(ADMIN)
            .json(obj("url", receiver.url()))
            .send();
    assertEquals(201, hook.status(), hook.body());
    List<Long> ids = new ArrayList<>();
    // Well past pgjdbc's prepareThreshold (5): server-side statements would have been prepared.
    for (int i = 0; i < 20; i++) {
      Api.Response r =
          api.post("/messages").key(client[1]).json(obj("phone", PHONE, "text", "m" + i)).send();
      assertEquals(201, r.status(), r.body() + "\n" + bouncer.log());
      ids.add(r.id());
    }
    for (int i = 0; i < 10; i++) {
      Api.Response r =
          api.post("/send-message/")
              .json(
                  obj(
                      "client_name",
                      client[0],
                      "api_key",
                      client[1],
                      "phone",
                      PHONE,
                      "name",
                      "Dani",
                      "text",
                      "s" + i))
              .send();
      assertEquals(201, r.status(), r.body());
      ids.add(r.id());
    }
    JsonArray items = new JsonArray();
    for (int i = 0; i < 10; i++) items.add(obj("phone", PHONE, "text", "b" + i));
    Api.Response batch =
        api.post("/messages/batch").key(client[1]).json(obj("messages", items)).send();
    assertEquals(201, batch.status(), batch.body());

    await("the worker sends all 40 through the pooler")
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                api.get("/messages?status=sent&limit=100").key(client[1]).send().data().size()
                    == 40);
    for (long id : ids) {
      assertEquals(
          "sent",
          api.get("/messages/" + id).key(client[1]).send().json().get("status").getAsString());
    }
    await("the dispatcher delivers a message.sent event for each")
        .atMost(Duration.ofMinutes(2))
        .until(() -> receiver.received("message.sent").size() == 40);
  }

  @Test
  void theIntakeCommitsWaitForTheDiskWhileTheWorkersDoNot() {
    String[] client = newClient("durable");
    for (int i = 0; i < 15; i++) {
      Api.Response r =
          api.post("/messages").key(client[1]).json(obj("phone", PHONE, "text", "d" + i)).send();
      assertEquals(201, r.status(), r.body());
    }
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                api.get("/messages?status=sent&limit=100").key(client[1]).send().data().size()
                    == 15);

    List<String> intake =
        direct
            .fetch("SELECT synchronous_commit FROM commit_seen WHERE op = 'INSERT'")
            .getValues(0, String.class);
    assertFalse(intake.isEmpty());
    assertTrue(intake.stream().allMatch("on"::equals), "intake transactions saw " + intake);
    List<String> claims =
        direct
            .fetch(
                "SELECT synchronous_commit FROM commit_seen WHERE op = 'UPDATE' AND status ="
                    + " 'sending'")
            .getValues(0, String.class);
    assertFalse(claims.isEmpty());
    assertTrue(claims.stream().allMatch("off"::equals), "claims saw " + claims);
  }

  @Test
  void sessionsAndTheConsoleWorkThroughThePooler() {
    for (int i = 0; i < 8; i++) {
      Api.Response created =
          api.post("/admin/sessions").key(ADMIN).json(obj("name", "pooled-" + i)).send();
      assertEquals(201, created.status(), created.body());
    }
    Api.Response listed = api.get("/admin/sessions").key(ADMIN).send();
    assertEquals(200, listed.status(), listed.body());
    assertTrue(listed.body().contains("pooled-7"), listed.body());

    new OperatorService(direct).create("pooled-operator", "a long operator password");
    for (int i = 0; i < 6; i++) {
      Api.Response form = api.get("/console/sign-in").send();
      assertEquals(200, form.status(), form.body());
      Matcher csrf = CSRF.matcher(form.body());
      assertTrue(csrf.find());
      Api.Response signedIn =
          api.post("/console/sign-in")
              .cookie("wa_console_sign_in", form.setCookie("wa_console_sign_in"))
              .form(
                  "_csrf",
                  csrf.group(1),
                  "name",
                  "pooled-operator",
                  "password",
                  "a long operator password")
              .send();
      assertEquals(303, signedIn.status(), signedIn.body());
      Api.Response overview =
          api.get("/console").cookie("wa_console", signedIn.setCookie("wa_console")).send();
      assertEquals(200, overview.status(), overview.body());
    }
  }
}
