package com.wagateway.whatsapp;

import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.MediaFiles;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints seconds per message, from the API's 201 to the stored {@code sent}, for a text, a 200 KB
 * photo and a 2 MB PDF, through the whole service against the double with its default delays (tick
 * after 0.5 s, existence check 0.15 s), pacing off, every message to a new number. Not a timed
 * test: {@code mvn -q test -Dtest=FileSendBenchmark -Dbench=true [-Dbench.messages=20]}.
 */
@BrowserTest
class FileSendBenchmark {

  @Test
  void printFileSendTimes(@TempDir Path dir) {
    assumeTrue(Boolean.getBoolean("bench"), "benchmark: run with -Dbench=true");
    int count = Integer.getInteger("bench.messages", 20);
    try (TestDatabase db = TestDatabase.create(FileSendBenchmark.class);
        FakeWhatsAppWeb fake = new FakeWhatsAppWeb()) {
      String key = new ClientService(db.dsl()).create("bench", null, 0, 0).apiKey();
      WhatsAppWebSender[] sender = new WhatsAppWebSender[1];
      try (App app =
          App.serve(
              TestConfig.config(db, dir, WhatsAppTestSupport.env(fake, dir.resolve("profile"))),
              config -> sender[0] = new WhatsAppWebSender(config.whatsapp()))) {
        Api api = new Api(app.httpPort());
        WhatsAppTestSupport.logIn(fake, sender[0]);
        long photo = upload(api, key, MediaFiles.png(200 * 1024, 1), "photo.png");
        long pdf = upload(api, key, MediaFiles.pdf(2 * 1024 * 1024, 2), "document.pdf");
        send(api, key, "+972597000000", null, "warm-up");
        System.out.printf(
            "%n=== File send benchmark (double: tick %d ms, check %d ms; pacing off; every number"
                + " new; %d messages each) ===%n",
            FakeWhatsAppWeb.DEFAULT_ACK_DELAY.toMillis(),
            FakeWhatsAppWeb.DEFAULT_CHECK_DELAY.toMillis(),
            count);
        print("text", run(api, key, null, count, 7_100_000));
        print("200 KB photo", run(api, key, photo, count, 7_200_000));
        print("2 MB PDF", run(api, key, pdf, count, 7_300_000));
      }
    }
  }

  private static List<Double> run(Api api, String key, Long media, int count, int numbers) {
    List<Double> seconds = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      long start = System.nanoTime();
      send(api, key, "+97259" + (numbers + i), media, "caption " + i + " 👋🏽");
      seconds.add((System.nanoTime() - start) / 1e9);
    }
    Collections.sort(seconds);
    return seconds;
  }

  private static void send(Api api, String key, String phone, Long media, String text) {
    Api.Response r =
        api.post("/messages")
            .key(key)
            .json(
                media == null
                    ? obj("phone", phone, "text", text)
                    : obj("phone", phone, "text", text, "media_id", media))
            .send();
    if (r.status() != 201) throw new AssertionError(r.body());
    long id = r.id();
    WhatsAppTestSupport.await(
        Duration.ofSeconds(60),
        () -> WhatsAppTestSupport.status(api, key, id).equals("sent"),
        () -> "message " + WhatsAppTestSupport.message(api, key, id));
  }

  private static long upload(Api api, String key, byte[] file, String name) {
    Api.Response r =
        api.post("/media?filename=" + name)
            .key(key)
            .header("Content-Type", "application/octet-stream")
            .body(file)
            .send();
    if (r.status() != 201 && r.status() != 200) throw new AssertionError(r.body());
    return r.id();
  }

  private static void print(String what, List<Double> sorted) {
    System.out.printf(
        "%-13s median %.3f s, p95 %.3f s, max %.3f s%n",
        what,
        sorted.get(sorted.size() / 2),
        sorted.get(Math.max(0, (int) Math.ceil(0.95 * sorted.size()) - 1)),
        sorted.get(sorted.size() - 1));
  }
}
