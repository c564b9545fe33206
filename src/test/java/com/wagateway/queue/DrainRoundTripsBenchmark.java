package com.wagateway.queue;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.db.schema.Tables.WEBHOOK_ENDPOINT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.wagateway.message.MessageStatus;
import com.wagateway.numbers.NumberCache;
import com.wagateway.numbers.NumberGate;
import com.wagateway.support.Messages;
import com.wagateway.support.TestDatabase;
import com.wagateway.webhook.Outbox;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Record;
import org.jooq.TransactionContext;
import org.jooq.TransactionListener;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints what the dry-run worker costs the database per message: statements and commits (each a
 * round trip), commits that wait for a WAL flush, and the WAL written, with no webhook endpoint and
 * with one. Counts, not times: they hold on a loaded machine. Skipped unless run as {@code mvn -q
 * test -Dtest=DrainRoundTripsBenchmark -Dbench=true [-Dbench.messages=2000]}.
 */
@Tag("benchmark")
class DrainRoundTripsBenchmark {

  @Test
  void printRoundTripsAndWalPerDrainedMessage() {
    assumeTrue(Boolean.getBoolean("bench"), "benchmark: run with -Dbench=true");
    int count = Integer.getInteger("bench.messages", 2000);
    try (TestDatabase db = TestDatabase.create(DrainRoundTripsBenchmark.class)) {
      System.out.printf(
          "%-14s %10s %8s %12s %12s %10s %10s%n",
          "endpoints",
          "statements",
          "commits",
          "round trips",
          "sync commits",
          "WAL bytes",
          "WAL recs");
      drain(db, count, false);
      drain(db, count, true);
    }
  }

  private void drain(TestDatabase db, int count, boolean withEndpoint) {
    DSLContext plain = db.dsl();
    plain.deleteFrom(MESSAGE_QUEUE).execute();
    Messages messages = new Messages(db, "bench-" + System.nanoTime());
    if (withEndpoint) {
      plain
          .insertInto(
              WEBHOOK_ENDPOINT,
              WEBHOOK_ENDPOINT.CLIENT_ID,
              WEBHOOK_ENDPOINT.URL,
              WEBHOOK_ENDPOINT.SECRET)
          .select(
              DSL.select(CLIENT.ID, DSL.val("http://127.0.0.1:9/hook"), DSL.val("whsec_bench"))
                  .from(CLIENT))
          .execute();
    }
    for (int i = 0; i < count; i += 100) {
      messages.enqueueBatch("+972501234567", Math.min(100, count - i), null);
    }
    Counting counting = new Counting();
    Configuration configuration = plain.configuration().derive();
    configuration.set(counting);
    configuration.set(counting.transactions());
    DSLContext counted = configuration.dsl();
    MessageQueue queue = new MessageQueue(counted, "bench", new Outbox(Duration.ofDays(1)));
    WorkerSettings settings =
        new WorkerSettings(
            Duration.ofMillis(50),
            10,
            Duration.ofSeconds(30),
            3,
            new Backoff(Duration.ofSeconds(1), Duration.ofHours(1)));
    Sender sender =
        new NumberGate(new LogSender(), new NumberCache(counted, Duration.ofDays(1)), false);
    Record before = wal(plain);
    counting.reset();
    DrainResult result;
    try (QueueWorker worker = new QueueWorker(queue, sender, settings)) {
      result = worker.drain();
    }
    Record after = wal(plain);
    assertEquals(count, result.sent(), "every message drained");
    assertEquals(
        count,
        plain.fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.eq(MessageStatus.SENT.value())));
    double n = count;
    long bytes = after.get(0, Long.class) - before.get(0, Long.class);
    long records = after.get(1, Long.class) - before.get(1, Long.class);
    System.out.printf(
        "%-14s %10.2f %8.2f %12.2f %12.2f %10.0f %10.1f%n",
        withEndpoint ? "one" : "none",
        counting.statements.get() / n,
        counting.commits.get() / n,
        (counting.statements.get() + counting.commits.get()) / n,
        counting.syncCommits.get() / n,
        bytes / n,
        records / n);
  }

  /** WAL bytes and records written so far by the whole server. */
  private static Record wal(DSLContext db) {
    return db.fetchOne("select wal_bytes::bigint, wal_records from pg_stat_wal");
  }

  /**
   * Counts every statement sent, every commit, and the commits that wait for the disk: an
   * autocommitted write, or a transaction that did not turn {@code synchronous_commit} off.
   */
  private static final class Counting implements ExecuteListener {
    final AtomicLong statements = new AtomicLong();
    final AtomicLong commits = new AtomicLong();
    final AtomicLong syncCommits = new AtomicLong();
    private final ThreadLocal<Boolean> inTransaction = ThreadLocal.withInitial(() -> false);
    private final ThreadLocal<Boolean> asyncCommit = ThreadLocal.withInitial(() -> false);

    void reset() {
      statements.set(0);
      commits.set(0);
      syncCommits.set(0);
    }

    @Override
    public void executeStart(ExecuteContext ctx) {
      statements.incrementAndGet();
      String sql = ctx.sql() == null ? "" : ctx.sql().toLowerCase();
      if (inTransaction.get()) {
        if (sql.contains("synchronous_commit")) asyncCommit.set(true);
      } else if (!sql.startsWith("select") && !sql.startsWith("with")) {
        syncCommits.incrementAndGet();
      }
    }

    TransactionListener transactions() {
      return new TransactionListener() {
        @Override
        public void beginEnd(TransactionContext ctx) {
          inTransaction.set(true);
          asyncCommit.set(false);
        }

        @Override
        public void commitEnd(TransactionContext ctx) {
          commits.incrementAndGet();
          if (!asyncCommit.get()) syncCommits.incrementAndGet();
          inTransaction.set(false);
        }

        @Override
        public void rollbackEnd(TransactionContext ctx) {
          inTransaction.set(false);
        }
      };
    }
  }
}
