package com.wagateway.session;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.db.schema.Tables.WA_SESSION;
import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.Api;
import com.wagateway.support.Messages;
import com.wagateway.support.ProcessTest;
import com.wagateway.support.ServiceProcess;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.WhatsAppTestSupport;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one database, each running at most one session ({@code WA_MAX_SESSIONS=1}): each
 * runs one. The instance running the linked {@code default} session is killed with SIGKILL; the
 * other, with room again, takes the session over after its lease, restores the saved login, and
 * sends the messages that waited, without a new scan, each once.
 */
@ProcessTest
class SessionTakeoverTest {
  private static final String ADMIN = WhatsAppTestSupport.ADMIN_TOKEN;
  private static final String ACCOUNT = "+972500000077";
  private static final String CUSTOMER = "+972501234567";

  @Test
  void anotherInstanceTakesTheSessionOverWithItsSavedLoginAndSendsWhatWaited(@TempDir Path dir)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(SessionTakeoverTest.class);
        FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast()) {
      DSLContext dsl = db.dsl();
      Messages messages = new Messages(db, "shop");
      ServiceProcess a = ServiceProcess.start("a", env(db, fake, dir, "a"), dir);
      ServiceProcess b = null;
      List<ProcessHandle> orphans = new ArrayList<>();
      try {
        linkOn(a, fake);
        List<Long> ids = new ArrayList<>();
        ids.add(messages.enqueue(CUSTOMER, "before the kill #1"));
        ids.add(messages.enqueue(CUSTOMER, "before the kill #2"));
        awaitStatus(dsl, ids, "sent");
        WhatsAppTestSupport.await(
            Duration.ofSeconds(40),
            () -> savedLoginHolds(dsl, "WAToken2"),
            () -> "the saved login never held the page's token");

        Integer size =
            dsl.select(WA_SESSION.PROFILE_SIZE)
                .from(WA_SESSION)
                .where(WA_SESSION.NAME.eq("default"))
                .fetchOne(WA_SESSION.PROFILE_SIZE);
        System.out.println("Saved login of the double's page: " + size + " bytes");
        assertTrue(
            size > 0 && size < 256 * 1024,
            "only the login parts are saved, not caches (" + size + " bytes)");

        // B starts with nothing free, takes a new session, so each instance runs one.
        b = ServiceProcess.start("b", env(db, fake, dir, "b"), dir);
        b.awaitReady(ServiceProcess.STARTUP);
        Api apiB = new Api(b.port());
        assertEquals(
            201,
            apiB.post("/admin/sessions").key(ADMIN).json(obj("name", "second")).send().status());
        awaitState(apiB, "second", "qr_required");
        assertTrue(instanceOf(apiB, "default").startsWith("a-"), instanceOf(apiB, "default"));
        assertTrue(instanceOf(apiB, "second").startsWith("b-"), instanceOf(apiB, "second"));

        // Room on B again: the second session goes (its browser stops there).
        assertEquals(204, apiB.delete("/admin/sessions/second").key(ADMIN).send().status());
        int qrsBefore = fake.qrServed();
        // A killed JVM cannot quit its ChromeDriver and Chromium: ended after the test.
        orphans.addAll(descendants(a));
        a.kill();
        ids.add(messages.enqueue(CUSTOMER, "while nobody runs it #1"));
        ids.add(messages.enqueue(CUSTOMER, "while nobody runs it #2"));
        ids.add(messages.enqueue(CUSTOMER, "while nobody runs it #3"));

        awaitStatus(dsl, ids, "sent");
        assertTrue(instanceOf(apiB, "default").startsWith("b-"), instanceOf(apiB, "default"));
        assertEquals(qrsBefore, fake.qrServed(), "no new QR was shown: the login moved");
        assertEquals(
            List.of(
                "before the kill #1",
                "before the kill #2",
                "while nobody runs it #1",
                "while nobody runs it #2",
                "while nobody runs it #3"),
            fake.textsFrom(ACCOUNT),
            "each message once, from the session's own account");
        assertEquals(
            0,
            dsl.fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.RESCUED.gt(0)),
            "no message was in flight at the kill");
        assertTrue(b.log().contains("Restored the saved login"), b.log());
      } finally {
        orphans.addAll(descendants(a));
        a.close();
        if (b != null) {
          orphans.addAll(descendants(b));
          b.close();
        }
        orphans.forEach(ProcessHandle::destroyForcibly);
      }
    }
  }

  /**
   * Receipts go on across a takeover: messages sent by A show two ticks, A is killed before the
   * recipient reads them, and B, which takes the session over, records the reads the page shows,
   * matched on the ids A stored.
   */
  @Test
  void receiptsOfTheMessagesSentBeforeATakeoverAreRecordedByTheInstanceThatTookItOver(
      @TempDir Path dir) throws Exception {
    try (TestDatabase db = TestDatabase.create(SessionTakeoverTest.class);
        FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast()) {
      // Read long after the kill: only the instance that took the session over can see it.
      fake.receipts().delays(Duration.ofMillis(300), Duration.ofSeconds(20));
      DSLContext dsl = db.dsl();
      Messages messages = new Messages(db, "shop");
      Map<String, String> envA = withReceipts(env(db, fake, dir, "a"));
      ServiceProcess a = ServiceProcess.start("a", envA, dir);
      ServiceProcess b = null;
      List<ProcessHandle> orphans = new ArrayList<>();
      try {
        linkOn(a, fake);
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++)
          ids.add(messages.enqueue(CUSTOMER, "read after the kill " + i));
        awaitStatus(dsl, ids, "delivered");
        Map<Long, String> keys =
            dsl.select(MESSAGE_QUEUE.ID, MESSAGE_QUEUE.WA_MESSAGE_ID)
                .from(MESSAGE_QUEUE)
                .where(MESSAGE_QUEUE.ID.in(ids))
                .fetchMap(MESSAGE_QUEUE.ID, MESSAGE_QUEUE.WA_MESSAGE_ID);
        WhatsAppTestSupport.await(
            Duration.ofSeconds(40),
            () -> savedLoginHolds(dsl, "WAToken2"),
            () -> "the saved login never held the page's token");

        orphans.addAll(descendants(a));
        a.kill();
        Instant killed = Instant.now();
        b = ServiceProcess.start("b", withReceipts(env(db, fake, dir, "b")), dir);
        b.awaitReady(ServiceProcess.STARTUP);
        Api apiB = new Api(b.port());
        WhatsAppTestSupport.await(
            Duration.ofSeconds(60),
            () -> instanceOf(apiB, "default").startsWith("b-"),
            () -> "default runs on " + instanceOf(apiB, "default"));

        awaitStatus(dsl, ids, "read");
        for (long id : ids) {
          var m = dsl.selectFrom(MESSAGE_QUEUE).where(MESSAGE_QUEUE.ID.eq(id)).fetchOne();
          assertEquals(keys.get(id), m.getWaMessageId(), "matched on the id A stored");
          assertTrue(m.getReadAt().toInstant().isAfter(killed), "read seen by B, after A died");
          assertTrue(m.getDeliveredAt().isBefore(m.getReadAt()), "delivered, then read");
        }
        assertEquals(3, fake.textsFrom(ACCOUNT).size(), "nothing was sent again");
      } finally {
        orphans.addAll(descendants(a));
        a.close();
        if (b != null) {
          orphans.addAll(descendants(b));
          b.close();
        }
        orphans.forEach(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** The phone scans the QR the instance shows: its {@code default} session is linked, ready. */
  private static void linkOn(ServiceProcess instance, FakeWhatsAppWeb fake) {
    instance.awaitReady(ServiceProcess.STARTUP);
    Api api = new Api(instance.port());
    awaitState(api, "default", "qr_required");
    WhatsAppTestSupport.await(Duration.ofSeconds(20), fake::qrShowing, () -> "no QR shown");
    fake.scan(ACCOUNT);
    awaitState(api, "default", "ready");
  }

  private static Map<String, String> withReceipts(Map<String, String> env) {
    env.put("WA_RECEIPTS", "true");
    env.put("WA_RECEIPTS_LIST_INTERVAL", "500ms");
    env.put("WA_RECEIPTS_REVISITS", "60");
    return env;
  }

  private static void awaitStatus(DSLContext dsl, List<Long> ids, String status) {
    WhatsAppTestSupport.await(
        Duration.ofSeconds(60),
        () ->
            dsl.fetchCount(
                    MESSAGE_QUEUE, MESSAGE_QUEUE.ID.in(ids).and(MESSAGE_QUEUE.STATUS.eq(status)))
                == ids.size(),
        () ->
            "statuses "
                + dsl.select(MESSAGE_QUEUE.ID, MESSAGE_QUEUE.STATUS, MESSAGE_QUEUE.ERROR_REASON)
                    .from(MESSAGE_QUEUE)
                    .fetch());
  }

  private static Map<String, String> env(
      TestDatabase db, FakeWhatsAppWeb fake, Path dir, String instance) {
    Map<String, String> env = TestConfig.env(db, dir.resolve(instance));
    env.putAll(WhatsAppTestSupport.env(fake, dir.resolve(instance).resolve("profile")));
    env.put("WA_INSTANCE_ID", instance);
    env.put("WA_MAX_SESSIONS", "1");
    env.put("WA_SESSION_LEASE", "3s");
    env.put("WA_PROFILE_SAVE_INTERVAL", "3s");
    env.put("WA_DATABASE_POOL_SIZE", "2");
    env.put("WA_WORKER_DATABASE_POOL_SIZE", "2");
    return env;
  }

  private static void awaitState(Api api, String session, String state) {
    WhatsAppTestSupport.await(
        Duration.ofSeconds(40),
        () -> stateOf(api, session).equals(state),
        () -> "session " + session + " is " + stateOf(api, session) + ", not " + state);
  }

  private static String stateOf(Api api, String session) {
    return api.get("/admin/sessions/" + session)
        .key(ADMIN)
        .send()
        .json()
        .get("state")
        .getAsString();
  }

  private static String instanceOf(Api api, String session) {
    var i = api.get("/admin/sessions/" + session).key(ADMIN).send().json().get("instance");
    return i.isJsonNull() ? "none" : i.getAsString();
  }

  /** Whether the saved profile holds IndexedDB and a local storage file naming {@code key}. */
  private static boolean savedLoginHolds(DSLContext dsl, String key) {
    byte[] zip =
        dsl.select(WA_SESSION.PROFILE)
            .from(WA_SESSION)
            .where(WA_SESSION.NAME.eq("default"))
            .fetchOne(WA_SESSION.PROFILE);
    if (zip == null) return false;
    boolean indexedDb = false;
    boolean token = false;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().startsWith("Default/IndexedDB/")) indexedDb = true;
        if (e.getName().startsWith("Default/Local Storage/")
            && new String(bytes, StandardCharsets.ISO_8859_1).contains(key)) token = true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return indexedDb && token;
  }

  private static List<ProcessHandle> descendants(ServiceProcess p) {
    return ProcessHandle.of(p.pid()).stream().flatMap(ProcessHandle::descendants).toList();
  }
}
