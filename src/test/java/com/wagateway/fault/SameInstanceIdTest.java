package com.wagateway.fault;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.Messages;
import com.wagateway.support.ProcessTest;
import com.wagateway.support.ServiceProcess;
import com.wagateway.support.TcpProxy;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service processes given the same WA_INSTANCE_ID (one environment file copied to two
 * machines). One loses the database for a moment while the other is sending; when it is back it
 * takes back the claims it lost track of, and only its own: the other's messages in flight are
 * never handed back, and every message goes out once.
 */
@ProcessTest
class SameInstanceIdTest {
  private static final int MESSAGES = 30;
  private static final Pattern DRY_RUN =
      Pattern.compile("Dry run \\(WA_SENDER=log\\): message (\\d+) ");
  private static final Pattern STARTED = Pattern.compile("Queue worker (\\S+) started");

  @Test
  void processesSharingAnInstanceIdNeverReleaseEachOthersClaims(@TempDir Path dir)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(SameInstanceIdTest.class)) {
      DSLContext dsl = db.dsl();
      int pgPort = Integer.parseInt(db.url().replaceFirst(".*//[^:/]+:(\\d+)/.*", "$1"));
      try (TcpProxy proxy = new TcpProxy("127.0.0.1", pgPort);
          ServiceProcess a =
              ServiceProcess.start(
                  "a", env(db, dir, Map.of("WA_DATABASE_URL", proxy.rewrite(db.url()))), dir);
          ServiceProcess b = ServiceProcess.start("b", env(db, dir, Map.of()), dir)) {
        a.awaitReady(ServiceProcess.STARTUP);
        b.awaitReady(ServiceProcess.STARTUP);
        String nameA = name(a);
        String nameB = name(b);
        assertTrue(nameA.startsWith("twin-") && nameB.startsWith("twin-"), nameA + " " + nameB);
        assertNotEquals(nameA, nameB, "one WA_INSTANCE_ID, two claimant names");

        // A's claims fail while it is cut off: it may have claimed rows it never heard of.
        proxy.cut();
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> a.log().contains("Queue worker could not claim messages"));
        Messages messages = new Messages(db, "twins");
        for (int i = 0; i < MESSAGES; i++) messages.enqueue("+97250123" + (4000 + i), "twin " + i);
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    dsl.fetchCount(
                            MESSAGE_QUEUE,
                            MESSAGE_QUEUE
                                .STATUS
                                .eq("sending")
                                .and(MESSAGE_QUEUE.CLAIMED_BY.eq(nameB)))
                        > 0);
        // Back: A takes back what it lost track of before it claims again, while B is sending.
        proxy.restore();
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    dsl.fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.in("pending", "sending"))
                        == 0);

        assertEquals(MESSAGES, dsl.fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.eq("sent")));
        Map<Long, Integer> sends = new HashMap<>();
        for (String log : new String[] {a.log(), b.log()}) {
          Matcher m = DRY_RUN.matcher(log);
          while (m.find()) sends.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
        }
        assertEquals(MESSAGES, sends.size(), "every message went out");
        sends.forEach((id, n) -> assertEquals(1, n, "message " + id + " went out once"));
        assertFalse(b.log().contains("was taken from this instance"), b.log());
        assertFalse(b.log().contains("no longer held by this instance"), b.log());
      }
    }
  }

  private static String name(ServiceProcess p) throws InterruptedException {
    await().atMost(Duration.ofMinutes(2)).until(() -> STARTED.matcher(p.log()).find());
    Matcher m = STARTED.matcher(p.log());
    assertTrue(m.find());
    return m.group(1);
  }

  private static Map<String, String> env(TestDatabase db, Path dir, Map<String, String> extra) {
    Map<String, String> env = TestConfig.env(db, dir);
    env.put("WA_INSTANCE_ID", "twin");
    env.put("WA_LOG_SENDER_DELAY", "300ms");
    env.put("WA_WORKER_LEASE", "20s");
    env.put("WA_WORKER_BATCH_SIZE", "5");
    env.put("WA_WORKER_POLL_INTERVAL", "100ms");
    env.put("WA_DATABASE_TIMEOUT", "1s");
    env.put("WA_DATABASE_POOL_SIZE", "2");
    env.put("WA_WORKER_DATABASE_POOL_SIZE", "2");
    env.putAll(extra);
    return env;
  }
}
