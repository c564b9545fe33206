package com.wagateway.whatsapp;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.config.Config;
import com.wagateway.db.schema.tables.records.MessageQueueRecord;
import com.wagateway.receipt.ReceiptEvents;
import com.wagateway.receipt.ReceiptStore;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.webhook.Outbox;
import com.wagateway.whatsapp.fake.FakeReceipts;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the time per message with receipts followed against not followed, through the whole
 * service (queue, worker, Chromium) on the double's default delays (load 3 s, tick 0.5 s, two ticks
 * 0.5 s later, nobody reads), pacing off; and, with receipts on, the time from the double showing
 * two ticks to the stored {@code delivered_at}. Time per message: the gaps between consecutive
 * {@code sent_at}. Not a timed test: skipped unless run as {@code mvn -q test
 * -Dtest=ReceiptBenchmark -Dbench=true [-Dbench.messages=100] [-Dbench.numbers=20]}.
 */
@BrowserTest
class ReceiptBenchmark {
  private record Run(List<Double> perMessage, List<Double> toDelivered, int delivered) {}

  @Test
  void printSendTimesWithReceiptsOnAndOff(@TempDir Path dir) throws Exception {
    assumeTrue(Boolean.getBoolean("bench"), "benchmark: run with -Dbench=true");
    int count = Integer.getInteger("bench.messages", 100);
    int numbers = Integer.getInteger("bench.numbers", 20);
    Run off = run(dir.resolve("off"), false, count, numbers);
    Run on = run(dir.resolve("on"), true, count, numbers);
    System.out.printf(
        "%n=== Receipts benchmark: %d messages to %d numbers, double's default delays, pacing"
            + " off, chat list every 5 s ===%n",
        count, numbers);
    for (var e : List.of(Map.entry("receipts off", off), Map.entry("receipts on", on))) {
      List<Double> s = sorted(e.getValue().perMessage());
      System.out.printf(
          "%-12s per message: median %.3f s, p95 %.3f s, mean %.3f s%n",
          e.getKey(),
          percentile(s, 50),
          percentile(s, 95),
          s.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }
    List<Double> d = sorted(on.toDelivered());
    System.out.printf(
        "receipts on: %d of %d delivered; double's two ticks -> stored delivered_at: median %.3f"
            + " s, p95 %.3f s, max %.3f s%n",
        on.delivered(), count, percentile(d, 50), percentile(d, 95), d.get(d.size() - 1));
    System.out.printf(
        "median per message, on against off: %+.1f %%%n",
        100
            * (percentile(sorted(on.perMessage()), 50) / percentile(sorted(off.perMessage()), 50)
                - 1));
  }

  private static Run run(Path dir, boolean receipts, int count, int numbers) throws Exception {
    try (TestDatabase db = TestDatabase.create(ReceiptBenchmark.class);
        FakeWhatsAppWeb fake = new FakeWhatsAppWeb()) {
      String key = new ClientService(db.dsl()).create("bench", null, 0, 0).apiKey();
      Map<String, String> env = new HashMap<>(WhatsAppTestSupport.env(fake, dir.resolve("p")));
      env.put("WA_SEND_TIMEOUT", "30s");
      env.put("WA_PAGE_LOAD_TIMEOUT", "60s");
      Config.Receipts settings =
          Config.from(Map.of("WA_RECEIPTS", String.valueOf(receipts))).receipts();
      WhatsAppWebSender[] sender = new WhatsAppWebSender[1];
      try (App app =
          App.serve(
              TestConfig.config(db, dir, env),
              config -> {
                sender[0] =
                    new WhatsAppWebSender(
                        config.whatsapp(),
                        "default",
                        SessionStateListener.NONE,
                        settings,
                        new ReceiptStore(
                            db.dsl(), new Outbox(config.webhooks().maxAge()), ReceiptEvents.NONE));
                return sender[0];
              })) {
        WhatsAppTestSupport.logIn(fake, sender[0]);
        Api api = new Api(app.httpPort());
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          String phone = "+97250115" + String.format("%04d", i % numbers);
          ids.add(WhatsAppTestSupport.send(api, key, phone, "Benchmark " + i + " שלום 👋🏽"));
        }
        WhatsAppTestSupport.await(
            Duration.ofMinutes(10),
            () ->
                db.dsl().fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.in("pending", "sending"))
                    == 0,
            () -> "messages still pending");
        if (receipts) {
          // The last receipts: one chat list interval after the last two ticks.
          Thread.sleep(settings.listInterval().toMillis() + 2000);
        }
        List<MessageQueueRecord> rows =
            db.dsl()
                .selectFrom(MESSAGE_QUEUE)
                .where(MESSAGE_QUEUE.ID.in(ids))
                .orderBy(MESSAGE_QUEUE.SENT_AT)
                .fetch();
        List<Double> perMessage = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
          perMessage.add(
              Duration.between(rows.get(i - 1).getSentAt(), rows.get(i).getSentAt()).toNanos()
                  / 1e9);
        }
        List<Double> toDelivered = new ArrayList<>();
        int delivered = 0;
        for (MessageQueueRecord r : rows) {
          if (r.getDeliveredAt() == null) continue;
          delivered++;
          String id = r.getWaMessageId().substring(r.getWaMessageId().lastIndexOf('_') + 1);
          FakeReceipts.Times t = fake.receiptTimes(id);
          toDelivered.add(
              Duration.between(t.delivered(), r.getDeliveredAt().toInstant()).toNanos() / 1e9);
        }
        return new Run(perMessage, toDelivered, delivered);
      }
    }
  }

  private static List<Double> sorted(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    return s;
  }

  private static double percentile(List<Double> sorted, int p) {
    if (sorted.isEmpty()) return Double.NaN;
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
