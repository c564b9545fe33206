package com.wagateway.session;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.wagateway.config.Config;
import com.wagateway.queue.SendResult;
import com.wagateway.support.BrowserTest;
import com.wagateway.whatsapp.WhatsAppTestSupport;
import com.wagateway.whatsapp.WhatsAppWebSender;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the resident memory (PSS, from /proc/PID/smaps_rollup) of one session's Chromium process
 * tree after linking and after 100 messages, with WA_CHROMIUM_ARGS at its default and with none.
 * Not a timed test: skipped unless run as {@code mvn -q test -Dtest=SessionMemoryBenchmark
 * -Dbench=true [-Dbench.messages=100]}.
 */
@BrowserTest
class SessionMemoryBenchmark {

  @Test
  void printChromiumMemoryPerSession(@TempDir Path dir) throws Exception {
    assumeTrue(Boolean.getBoolean("bench"), "benchmark: run with -Dbench=true");
    int count = Integer.getInteger("bench.messages", 100);
    System.out.printf("%n=== Memory of one session's Chromium (double, %d messages) ===%n", count);
    measure(dir.resolve("with"), "default WA_CHROMIUM_ARGS", null, count);
    measure(dir.resolve("without"), "WA_CHROMIUM_ARGS empty", "", count);
    // -Dbench.args="--a --b" measures a candidate list too.
    String candidate = System.getProperty("bench.args");
    if (candidate != null) measure(dir.resolve("candidate"), "candidate", candidate, count);
  }

  private static void measure(Path dir, String label, String args, int count) throws Exception {
    try (FakeWhatsAppWeb fake = new FakeWhatsAppWeb()) {
      Map<String, String> overrides = args == null ? Map.of() : Map.of("WA_CHROMIUM_ARGS", args);
      Config.WhatsApp config =
          WhatsAppTestSupport.whatsapp(fake, dir.resolve("profile"), overrides);
      WhatsAppWebSender sender = new WhatsAppWebSender(config);
      try {
        WhatsAppTestSupport.await(Duration.ofSeconds(60), fake::qrShowing, () -> "no QR");
        fake.scan();
        WhatsAppTestSupport.await(Duration.ofSeconds(30), sender::ready, () -> "not ready");
        Thread.sleep(3000);
        Pss linked = pss();
        for (int i = 1; i <= count; i++) {
          SendResult r =
              WhatsAppTestSupport.send(
                  sender, i, "+97250" + (1000000 + i % 20), "Memory benchmark message " + i);
          if (!(r instanceof SendResult.Sent)) throw new AssertionError("message " + i + ": " + r);
        }
        Thread.sleep(3000);
        Pss after = pss();
        System.out.printf(
            "%-26s linked: %4d MB in %d processes; after %d messages: %4d MB in %d processes"
                + " (largest %d MB)%n",
            label,
            linked.kb / 1024,
            linked.processes,
            count,
            after.kb / 1024,
            after.processes,
            after.largestKb / 1024);
      } finally {
        sender.close();
      }
    }
  }

  private record Pss(long kb, int processes, long largestKb) {}

  private static List<ProcessHandle> browsers() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().command().map(c -> c.contains("chrom")).orElse(false))
        .filter(p -> !p.info().command().orElse("").contains("chromedriver"))
        .toList();
  }

  /** PSS of every Chromium process this JVM started (through ChromeDriver), summed. */
  private static Pss pss() {
    List<ProcessHandle> browsers = browsers();
    long total = 0;
    long largest = 0;
    for (ProcessHandle p : browsers) {
      long kb = pssKb(p.pid());
      total += kb;
      largest = Math.max(largest, kb);
    }
    return new Pss(total, browsers.size(), largest);
  }

  private static long pssKb(long pid) {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
        if (line.startsWith("Pss:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (IOException | NumberFormatException e) {
      // The process ended meanwhile.
    }
    return 0;
  }
}
