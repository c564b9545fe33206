package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.wagateway.queue.SendResult;
import com.wagateway.support.BrowserTest;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints seconds per message against the double with its default delays (a full load costs 3 s,
 * ticks come after 0.5 s, the server answers whether a number exists after 0.15 s), pacing off, for
 * chats opened inside the loaded app and for {@code /send} navigation; then the resident memory
 * (PSS) of Chromium's whole process tree after the in-app run. Every message goes to a number not
 * seen before, so each pays the existence check. Not a timed test: skipped unless run as {@code mvn
 * -q test -Dtest=SendBenchmark -Dbench=true [-Dbench.messages=100] [-Dbench.urlMessages=20]}.
 */
@BrowserTest
class SendBenchmark {

  private record Run(
      String way, List<Double> seconds, long chromiumPssKb, int processes, int loadsBefore) {}

  @Test
  void printSendTimes(@TempDir Path dir) throws Exception {
    assumeTrue(Boolean.getBoolean("bench"), "benchmark: run with -Dbench=true");
    int count = Integer.getInteger("bench.messages", 100);
    int urlCount = Integer.getInteger("bench.urlMessages", 20);
    try (FakeWhatsAppWeb fake = new FakeWhatsAppWeb()) {
      Run inApp = run(fake, dir.resolve("in-app"), "in_app,new_chat,url", count, 1_000_000);
      Run url = run(fake, dir.resolve("url"), "url", urlCount, 2_000_000);
      System.out.printf(
          "%n=== WhatsApp Web send benchmark (double: load %d ms, tick %d ms, existence check %d"
              + " ms; pacing off; every number new) ===%n",
          FakeWhatsAppWeb.DEFAULT_LOAD_DELAY.toMillis(),
          FakeWhatsAppWeb.DEFAULT_ACK_DELAY.toMillis(),
          FakeWhatsAppWeb.DEFAULT_CHECK_DELAY.toMillis());
      for (Run r : List.of(inApp, url)) {
        List<Double> sorted = new ArrayList<>(r.seconds());
        Collections.sort(sorted);
        System.out.printf(
            "%-7s %3d messages: median %.3f s, p95 %.3f s, max %.3f s, min %.3f s, mean %.3f s;"
                + " Chromium PSS after the run %.1f MB over %d processes%n",
            r.way(),
            sorted.size(),
            percentile(sorted, 50),
            percentile(sorted, 95),
            sorted.get(sorted.size() - 1),
            sorted.get(0),
            sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0),
            r.chromiumPssKb() / 1024.0,
            r.processes());
      }
    }
  }

  /**
   * The check of the chat-opening fixes, with the double's default delays: a page whose link
   * listener stops the click's propagation, 10 messages to 10 new numbers through the default ways
   * (goal: at most 1.2 s each, none through a reload); then 5 messages in a row to one number
   * through New chat on a page whose chats render 300 ms late. Every message must end sent and
   * reach the phone once. {@code mvn -q test -Dtest='SendBenchmark#printChatOpeningCheck'
   * -Dbench=true}
   */
  @Test
  void printChatOpeningCheck(@TempDir Path dir) throws Exception {
    assumeTrue(Boolean.getBoolean("bench"), "benchmark: run with -Dbench=true");
    try (FakeWhatsAppWeb fake = new FakeWhatsAppWeb().stopLinkClicks(true)) {
      Run stopped = run(fake, dir.resolve("stopped"), "in_app,new_chat,url", 10, 3_000_000);
      int loads = fake.pageLoads();
      fake.stopLinkClicks(false).chatLoadDelay(Duration.ofMillis(300));
      Path profile = dir.resolve("new-chat").resolve("profile");
      List<Double> seconds = new ArrayList<>();
      try (WhatsAppWebSender sender =
          new WhatsAppWebSender(
              WhatsAppTestSupport.whatsapp(
                  fake, profile, Map.of("WA_CHAT_OPENING", "new_chat,url")))) {
        WhatsAppTestSupport.await(Duration.ofSeconds(60), fake::qrShowing, () -> "no QR");
        fake.scan();
        WhatsAppTestSupport.await(Duration.ofSeconds(60), sender::ready, sender::state);
        for (int i = 1; i <= 5; i++) {
          long start = System.nanoTime();
          SendResult r =
              WhatsAppTestSupport.send(sender, 100 + i, "+972598888888", "in a row " + i + " 👋🏽");
          seconds.add((System.nanoTime() - start) / 1e9);
          if (!(r instanceof SendResult.Sent)) throw new AssertionError("message " + i + ": " + r);
        }
      }
      List<String> got = fake.textsTo("+972598888888");
      if (!got.equals(
          List.of(
              "in a row 1 👋🏽",
              "in a row 2 👋🏽",
              "in a row 3 👋🏽",
              "in a row 4 👋🏽",
              "in a row 5 👋🏽"))) throw new AssertionError("delivered " + got);
      List<Double> sorted = new ArrayList<>(stopped.seconds());
      Collections.sort(sorted);
      System.out.printf(
          "%n=== Chat opening check (double: load %d ms, tick %d ms, existence check %d ms) ===%n"
              + "link clicks stopped by the app, 10 new numbers: median %.3f s, max %.3f s, each"
              + " sent once, page loads during the run: %d%n"
              + "New chat, chats rendered 300 ms late, 5 in a row to one number: %s s, each sent"
              + " once%n",
          FakeWhatsAppWeb.DEFAULT_LOAD_DELAY.toMillis(),
          FakeWhatsAppWeb.DEFAULT_ACK_DELAY.toMillis(),
          FakeWhatsAppWeb.DEFAULT_CHECK_DELAY.toMillis(),
          percentile(sorted, 50),
          sorted.get(sorted.size() - 1),
          loads - stopped.loadsBefore(),
          seconds.stream().map(x -> String.format("%.3f", x)).toList());
    }
  }

  private static Run run(FakeWhatsAppWeb fake, Path dir, String ways, int count, int numbers)
      throws IOException {
    Path profile = dir.resolve("profile");
    try (WhatsAppWebSender sender =
        new WhatsAppWebSender(
            WhatsAppTestSupport.whatsapp(fake, profile, Map.of("WA_CHAT_OPENING", ways)))) {
      WhatsAppTestSupport.await(Duration.ofSeconds(60), fake::qrShowing, () -> "no QR");
      fake.scan();
      WhatsAppTestSupport.await(Duration.ofSeconds(60), sender::ready, sender::state);
      // Warm-up: the first chat compiles the page scripts.
      WhatsAppTestSupport.send(sender, 0, "+97259" + (numbers + 999_999), "warm-up");
      int before = fake.deliveries().size();
      int loadsBefore = fake.pageLoads();
      List<Double> seconds = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        String text = "Benchmark message " + i + " שלום 👋🏽\nsecond line";
        long start = System.nanoTime();
        SendResult result = WhatsAppTestSupport.send(sender, i, "+97259" + (numbers + i), text);
        seconds.add((System.nanoTime() - start) / 1e9);
        if (!(result instanceof SendResult.Sent))
          throw new AssertionError(ways + ", message " + i + ": " + result);
      }
      if (fake.deliveries().size() != before + count)
        throw new AssertionError("delivered " + (fake.deliveries().size() - before));
      long[] pss = chromiumPss(profile);
      return new Run(
          ways.startsWith("in_app") ? "in-app" : "/send",
          seconds,
          pss[0],
          (int) pss[1],
          loadsBefore);
    }
  }

  /**
   * PSS summed over the Chromium that runs on {@code profile} and all its descendants (renderers,
   * GPU, utilities, zygotes): {kB, processes}.
   */
  private static long[] chromiumPss(Path profile) throws IOException {
    Map<Long, Long> parents = new HashMap<>();
    Set<Long> roots = new TreeSet<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) continue;
        try {
          String stat = Files.readString(p.resolve("stat"));
          String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long pid = Long.parseLong(name);
          parents.put(pid, Long.parseLong(after[1]));
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
          if (cmd.contains("--user-data-dir=" + profile) && !cmd.contains("--type="))
            roots.add(pid);
        } catch (IOException | RuntimeException e) {
          // the process ended while we looked
        }
      }
    }
    Set<Long> tree = new TreeSet<>(roots);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (var e : parents.entrySet()) {
        if (!tree.contains(e.getKey()) && tree.contains(e.getValue())) {
          tree.add(e.getKey());
          grew = true;
        }
      }
    }
    long kb = 0;
    for (long pid : tree) {
      try {
        for (String line :
            Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup")))
          if (line.startsWith("Pss:")) kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
      } catch (IOException e) {
        // ended
      }
    }
    return new long[] {kb, tree.size()};
  }

  private static double percentile(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
