package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.App;
import com.wagateway.client.ClientService;
import com.wagateway.client.NewKey;
import com.wagateway.support.Api;
import com.wagateway.support.BrowserTest;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Chromium that dies mid-queue is restarted, and no message is lost or sent twice: the one in
 * hand, if the browser died after Enter, ends unconfirmed; the rest are sent.
 */
@BrowserTest
class BrowserCrashTest {
  private static final String PHONE = "+972501112222";

  @Test
  void chromiumKilledMidQueueIsRestartedAndEveryMessageSentOnce(@TempDir Path dir)
      throws Exception {
    Path profile = dir.resolve("profile").toAbsolutePath();
    try (TestDatabase db = TestDatabase.create(BrowserCrashTest.class);
        FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast().ackDelay(Duration.ofMillis(200))) {
      NewKey key = new ClientService(db.dsl()).create("crash-test", null);
      WhatsAppWebSender[] sender = new WhatsAppWebSender[1];
      try (App app =
          App.serve(
              TestConfig.config(db, dir, WhatsAppTestSupport.env(fake, profile)),
              config -> {
                sender[0] = new WhatsAppWebSender(config.whatsapp());
                return sender[0];
              })) {
        Api api = new Api(app.httpPort());
        WhatsAppTestSupport.logIn(fake, sender[0]);
        // Chromium writes localStorage to disk lazily; a browser killed before that has forgotten
        // the login (as the real one would). Kill it only once the login is on disk.
        long t0 = System.nanoTime();
        WhatsAppTestSupport.await(
            Duration.ofSeconds(30),
            () -> loginOnDisk(profile),
            () -> "login never written to the profile");
        System.out.println("login on disk after " + (System.nanoTime() - t0) / 1_000_000 + " ms");

        List<Long> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          texts.add("message " + i + " 👋🏽");
          ids.add(WhatsAppTestSupport.send(api, key.apiKey(), PHONE, texts.get(i)));
        }
        WhatsAppTestSupport.await(
            Duration.ofSeconds(20),
            () -> fake.textsTo(PHONE).size() >= 3,
            () -> "delivered " + fake.textsTo(PHONE));
        ProcessHandle chromium =
            browserProcess(profile)
                .orElseThrow(() -> new AssertionError("no Chromium for " + profile));
        chromium.destroyForcibly();

        WhatsAppTestSupport.await(
            Duration.ofSeconds(60),
            () ->
                ids.stream()
                    .map(id -> WhatsAppTestSupport.status(api, key.apiKey(), id))
                    .allMatch(s -> s.equals("sent") || s.equals("unconfirmed")),
            () ->
                "statuses "
                    + ids.stream()
                        .map(id -> WhatsAppTestSupport.status(api, key.apiKey(), id))
                        .toList()
                    + ", session "
                    + sender[0].state());
        List<String> unconfirmed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
          if (WhatsAppTestSupport.status(api, key.apiKey(), ids.get(i)).equals("unconfirmed"))
            unconfirmed.add(texts.get(i));
        }
        assertTrue(unconfirmed.size() <= 1, "only the message in hand: " + unconfirmed);
        List<String> delivered = new ArrayList<>(fake.textsTo(PHONE));
        for (String text : texts) {
          long times = delivered.stream().filter(text::equals).count();
          if (unconfirmed.contains(text)) assertTrue(times <= 1, "at most once: " + text);
          else assertEquals(1, times, "exactly once: " + text);
        }
        assertTrue(sender[0].status().browserRestarts() >= 1, "the browser was restarted");
        assertTrue(browserProcess(profile).isPresent(), "a new Chromium runs");
      }
    }
  }

  static boolean loginOnDisk(Path profile) {
    Path storage = profile.resolve("Default").resolve("Local Storage").resolve("leveldb");
    if (!Files.isDirectory(storage)) return false;
    try (var files = Files.list(storage)) {
      return files.anyMatch(
          f -> {
            try {
              return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
                  .contains("WAToken2");
            } catch (IOException e) {
              return false;
            }
          });
    } catch (IOException e) {
      return false;
    }
  }

  /** The main Chromium process of this profile (its helpers carry --type=). */
  static Optional<ProcessHandle> browserProcess(Path profile) {
    String flag = "--user-data-dir=" + profile;
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains(flag) && !c.contains("--type="))
                    .orElse(false))
        .filter(p -> p.info().command().map(c -> !c.contains("chromedriver")).orElse(true))
        .findFirst();
  }
}
