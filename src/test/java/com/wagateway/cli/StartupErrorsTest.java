package com.wagateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.BrowserTest;
import com.wagateway.support.Messages;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees when the service cannot do its job: one line that says why, at once. */
class StartupErrorsTest {
  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create(StartupErrorsTest.class);
  }

  @AfterAll
  static void dropPool() {
    db.close();
  }

  record Run(int exitCode, String out, String err) {}

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aBusyPortIsOneLineNamingWaHttpPort(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Map<String, String> env = new HashMap<>(TestConfig.env(db, dir));
      env.put("WA_HTTP_PORT", Integer.toString(taken.getLocalPort()));
      Run r = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run(env, "serve"));
      assertEquals(2, r.exitCode(), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("error: Cannot listen on 127.0.0.1:"), r.err());
      assertTrue(r.err().contains("WA_HTTP_PORT=" + taken.getLocalPort()), r.err());
      assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), "no stack trace");
    }
  }

  @Test
  @BrowserTest
  void processQueueWithABrowserThatWillNotStartSaysWhyAtOnceAndFails(@TempDir Path dir)
      throws IOException {
    Messages messages = new Messages(db, "no-browser");
    long id = messages.enqueue("+14155550200", "waits");
    Path broken = dir.resolve("chromium");
    Files.writeString(broken, "#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n");
    broken.toFile().setExecutable(true);
    Map<String, String> env = new HashMap<>(TestConfig.env(db, dir));
    env.put("WA_SENDER", "whatsapp-web");
    env.put("WA_CHROMIUM_PATH", broken.toString());
    env.put("WA_CHROMEDRIVER_PATH", "/usr/bin/chromedriver");
    Run r = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run(env, "process-queue"));
    assertEquals(ProcessQueueCommand.NOT_READY, r.exitCode(), r.out() + r.err());
    // Said as soon as known: the answer names the cause, not "did not load within" (the timeout).
    assertTrue(r.err().contains("error: nothing was sent: the browser could not start"), r.err());
    assertEquals("pending", messages.status(id));
  }

  @Test
  @BrowserTest
  void processQueueWithWhatsAppNotLinkedSaysWhyAtOnceAndFails(@TempDir Path dir) {
    try (FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast()) {
      Map<String, String> env = new HashMap<>(TestConfig.env(db, dir));
      env.put("WA_SENDER", "whatsapp-web");
      env.put("WA_WHATSAPP_WEB_URL", fake.url());
      env.put("WA_BROWSER_PROFILE_DIR", dir.resolve("profile").toString());
      env.put("WA_PAGE_LOAD_TIMEOUT", "30s");
      Run r = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run(env, "process-queue"));
      assertEquals(ProcessQueueCommand.NOT_READY, r.exitCode(), r.out() + r.err());
      assertTrue(r.err().contains("qr_required"), r.err());
      assertFalse(r.err().contains("did not load within"), "said at once, not on the timeout");
    }
  }
}
