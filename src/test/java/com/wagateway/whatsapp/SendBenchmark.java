package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.wagateway.queue.SendResult;
import com.wagateway.support.BrowserTest;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints per-message send time against the double (pacing off) and Chromium start-up time. Not a
 * timed test: skipped unless run as {@code mvn -q test -Dtest=SendBenchmark -Dbench=true
 * [-Dbench.messages=100]}.
 */
@BrowserTest
class SendBenchmark {

  @Test
  void printSendTimes(@TempDir Path dir) throws Exception {
    assumeTrue(Boolean.getBoolean("bench"), "benchmark: run with -Dbench=true");
    int count = Integer.getInteger("bench.messages", 100);
    long ackMs = Long.getLong("bench.ackMs", 30);
    try (FakeWhatsAppWeb fake = new FakeWhatsAppWeb().ackDelay(Duration.ofMillis(ackMs))) {
      long t0 = System.nanoTime();
      WhatsAppWebSender sender =
          new WhatsAppWebSender(
              WhatsAppTestSupport.whatsapp(fake, dir.resolve("profile"), Map.of()));
      try {
        WhatsAppTestSupport.await(Duration.ofSeconds(60), fake::qrShowing, () -> "no QR");
        long qrMs = (System.nanoTime() - t0) / 1_000_000;
        fake.scan();
        WhatsAppTestSupport.await(Duration.ofSeconds(30), sender::ready, () -> "not ready");
        // Warm-up: the first navigation compiles the page scripts.
        WhatsAppTestSupport.send(sender, 0, "+972501234567", "warm-up");

        List<Double> seconds = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
          String text = "Benchmark message " + i + " שלום 👋🏽\nsecond line";
          long start = System.nanoTime();
          SendResult result =
              WhatsAppTestSupport.send(sender, i, "+97250" + (1000000 + i % 10), text);
          double s = (System.nanoTime() - start) / 1e9;
          if (!(result instanceof SendResult.Sent))
            throw new AssertionError("message " + i + ": " + result);
          seconds.add(s);
        }
        if (fake.deliveries().size() != count + 1)
          throw new AssertionError("delivered " + fake.deliveries().size());
        List<Double> sorted = new ArrayList<>(seconds);
        Collections.sort(sorted);
        System.out.printf(
            "%n=== WhatsApp Web send benchmark (double, ack delay %d ms, pacing off) ===%n", ackMs);
        System.out.printf(
            "First start, fresh profile: Chromium launch %d ms, QR on screen %d ms after start%n",
            sender.status().browserStartupMillis(), qrMs);
        System.out.printf("Messages: %d, all sent and delivered exactly%n", count);
        System.out.printf(
            "Per message: median %.3f s, p95 %.3f s, min %.3f s, max %.3f s, mean %.3f s%n",
            percentile(sorted, 50),
            percentile(sorted, 95),
            sorted.get(0),
            sorted.get(sorted.size() - 1),
            seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0));
      } finally {
        sender.close();
      }
      // Start-up as a restart sees it: same profile, already linked, launch to ready.
      long t1 = System.nanoTime();
      try (WhatsAppWebSender again =
          new WhatsAppWebSender(
              WhatsAppTestSupport.whatsapp(fake, dir.resolve("profile"), Map.of()))) {
        WhatsAppTestSupport.await(Duration.ofSeconds(60), again::ready, again::state);
        System.out.printf(
            "Restart on the linked profile: Chromium launch %d ms, ready to send %d ms after"
                + " start%n",
            again.status().browserStartupMillis(), (System.nanoTime() - t1) / 1_000_000);
      }
    }
  }

  private static double percentile(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
