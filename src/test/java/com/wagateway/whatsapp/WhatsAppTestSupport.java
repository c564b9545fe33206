package com.wagateway.whatsapp;

import static com.wagateway.support.Api.obj;

import com.google.gson.JsonObject;
import com.wagateway.config.Config;
import com.wagateway.queue.Handoff;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.queue.SendResult;
import com.wagateway.support.Api;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Settings and waits shared by the tests that drive a real Chromium against the double. */
public final class WhatsAppTestSupport {
  public static final String ADMIN_TOKEN = "admin-secret-for-the-browser-tests-0123";

  private WhatsAppTestSupport() {}

  /** Environment for a WhatsApp Web sender pointed at the double, no pacing, receipts off. */
  public static Map<String, String> env(FakeWhatsAppWeb fake, Path profile) {
    Map<String, String> env = new HashMap<>();
    env.put("WA_SENDER", "whatsapp-web");
    env.put("WA_WHATSAPP_WEB_URL", fake.url());
    env.put("WA_BROWSER_PROFILE_DIR", profile.toString());
    // Long enough for a machine running two suites at once (load 40 on two cores), where Chromium
    // took more than 10 s to load the page; tests of a limit that fires set their own.
    env.put("WA_SEND_TIMEOUT", "15s");
    env.put("WA_PAGE_LOAD_TIMEOUT", "30s");
    env.put("WA_SEND_INTERVAL", "0s");
    env.put("WA_SEND_JITTER", "0s");
    env.put("WA_ADMIN_TOKEN", ADMIN_TOKEN);
    // Tests of sending wait for "sent"; receipts (delivered, read) are tested where they are on.
    env.put("WA_RECEIPTS", "false");
    return env;
  }

  public static Config.WhatsApp whatsapp(
      FakeWhatsAppWeb fake, Path profile, Map<String, String> overrides) {
    Map<String, String> env = env(fake, profile);
    env.putAll(overrides);
    return Config.from(env).whatsapp();
  }

  /**
   * The least a browser test waits for something to happen: Chromium starting beside other test
   * classes on a loaded machine can take far longer than alone. A wait, not a limit on speed.
   */
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  /** Waits until the condition holds, failing with the description of what was seen then. */
  public static void await(Duration timeout, BooleanSupplier condition, Supplier<String> seen) {
    Duration wait = timeout.compareTo(PATIENCE) < 0 ? PATIENCE : timeout;
    try {
      Awaitility.await()
          .atMost(wait)
          .pollInterval(Duration.ofMillis(20))
          .until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("Timed out after " + wait.toSeconds() + " s; " + seen.get(), e);
    }
  }

  /** {@code POST /send-message/} as the seed's integrations send it; answers the message's id. */
  public static long send(Api api, String key, String phone, String text) {
    Api.Response r =
        api.post("/send-message/")
            .json(obj("api_key", key, "phone", phone, "name", "Test contact", "text", text))
            .send();
    if (r.status() != 201) throw new AssertionError("POST /send-message/ answered " + r);
    return r.id();
  }

  /** {@code GET /messages/{id}} as its owner. */
  public static JsonObject message(Api api, String key, long id) {
    Api.Response r = api.get("/messages/" + id).key(key).send();
    if (r.status() != 200) throw new AssertionError("GET /messages/" + id + " answered " + r);
    return r.json();
  }

  public static String status(Api api, String key, long id) {
    return message(api, key, id).get("status").getAsString();
  }

  /** {@code GET /admin/whatsapp/status}. */
  public static JsonObject session(Api api) {
    return api.get("/admin/whatsapp/status").key(ADMIN_TOKEN).send().json();
  }

  /** A claimed message as the sender gets it, on its first attempt. */
  public static OutgoingMessage message(long id, String phone, String text) {
    return new OutgoingMessage(id, phone, text, 1, 0, id);
  }

  /** Sends through the page alone, without a queue to record the point of no return. */
  public static SendResult send(WhatsAppWebSender sender, long id, String phone, String text) {
    return sender.send(message(id, phone, text), Handoff.unrecorded());
  }

  /** The send was confirmed, and the message id the page gave its row was kept. */
  public static void assertSent(SendResult result) {
    assertSent(result, "the send");
  }

  public static void assertSent(SendResult result, String what) {
    if (!(result instanceof SendResult.Sent sent))
      throw new AssertionError(what + " was not confirmed sent: " + result);
    if (sent.waMessageId() == null || sent.waMessageId().isBlank())
      throw new AssertionError(what + " was sent but its message id was not kept: " + result);
  }

  /** A handoff that remembers whether the sender reached the point of no return. */
  public static final class RecordingHandoff implements Handoff {
    private int begun;

    @Override
    public boolean begin() {
      begun++;
      return true;
    }

    public boolean begun() {
      return begun > 0;
    }
  }

  /** Starts from a fresh profile: waits for the QR, scans it, waits until ready. */
  public static void logIn(FakeWhatsAppWeb fake, WhatsAppWebSender sender) {
    await(
        Duration.ofSeconds(30),
        fake::qrShowing,
        () -> "the browser never showed the QR; state " + sender.state());
    fake.scan();
    await(
        Duration.ofSeconds(20),
        sender::ready,
        () -> "not ready after the scan; state " + sender.state());
  }
}
