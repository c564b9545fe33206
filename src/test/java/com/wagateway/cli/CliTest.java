package com.wagateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.client.ClientService;
import com.wagateway.operator.OperatorService;
import com.wagateway.operator.SignIn;
import com.wagateway.support.Messages;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  static TestDatabase db;
  static Map<String, String> env;

  @BeforeAll
  static void createDatabase(@TempDir Path dir) {
    db = TestDatabase.create(CliTest.class);
    env = TestConfig.env(db, dir);
  }

  @AfterAll
  static void dropPool() {
    db.close();
  }

  record Run(int exitCode, String out, String err) {}

  static Run run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run runWithInput(String input, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            env,
            new java.io.ByteArrayInputStream(
                input.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void operatorCreateReadsThePasswordFromStandardInputAndNeverPrintsIt() {
    Run r = runWithInput("a long operator password\n", "operator", "create", "ana");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("Created operator 'ana'"), r.out());
    assertFalse(r.out().contains("a long operator password"));
    var operators = new OperatorService(db.dsl());
    assertTrue(
        operators.signIn("ana", "a long operator password", "test") instanceof SignIn.Accepted);
    Run list = run(env, "operator", "list");
    assertTrue(list.out().contains("ana"), list.out());
    assertFalse(list.out().contains("argon2"), "no hash in the list");
  }

  @Test
  void operatorPasswordRulesAreClearErrors() {
    Run tooShort = runWithInput("short\n", "operator", "create", "bob");
    assertEquals(1, tooShort.exitCode());
    assertTrue(
        tooShort.err().endsWith("error: password: must be at least 12 characters long\n"),
        tooShort.err());
    Run none = runWithInput("", "operator", "create", "bob");
    assertEquals(1, none.exitCode());
    assertTrue(none.err().contains("no password given"), none.err());
    assertTrue(new OperatorService(db.dsl()).find("bob").isEmpty());
  }

  @Test
  void operatorDisableAndSetPasswordTakeEffect() {
    assertEquals(0, runWithInput("first password here\n", "operator", "create", "cy").exitCode());
    var operators = new OperatorService(db.dsl());
    Run disable = run(env, "operator", "disable", "cy");
    assertEquals(0, disable.exitCode(), disable.err());
    assertTrue(operators.signIn("cy", "first password here", "test") instanceof SignIn.Refused);
    assertEquals(0, run(env, "operator", "enable", "cy").exitCode());
    Run changed = runWithInput("second password here\n", "operator", "set-password", "cy");
    assertEquals(0, changed.exitCode(), changed.err());
    assertTrue(operators.signIn("cy", "first password here", "test") instanceof SignIn.Refused);
    assertTrue(operators.signIn("cy", "second password here", "test") instanceof SignIn.Accepted);
    Run unknown = runWithInput("whatever password\n", "operator", "set-password", "nobody");
    assertEquals(1, unknown.exitCode());
    assertTrue(unknown.err().endsWith("error: No operator named 'nobody'\n"), unknown.err());
  }

  @Test
  void clientCreatePrintsAKeyThatAuthenticates() {
    Run r = run(env, "client", "create", "shop");
    assertEquals(0, r.exitCode(), r.err());
    String key = r.out().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(new ClientService(db.dsl()).authenticate(key, "shop").isPresent());
  }

  @Test
  void clientCreateKeepsAnExistingIntegrationsKey() {
    assertEquals(0, run(env, "client", "create", "legacy", "--api-key", "123456").exitCode());
    assertTrue(new ClientService(db.dsl()).authenticate("123456", "legacy").isPresent());
  }

  @Test
  void duplicateClientNameIsAClearError() {
    run(env, "client", "create", "twice");
    Run r = run(env, "client", "create", "twice");
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("already exists"), r.err());
  }

  @Test
  void listShowsClientsButNeverTheirKeys() {
    Run created = run(env, "client", "create", "listed");
    String key = created.out().lines().reduce((a, b) -> b).orElseThrow();
    Run r = run(env, "client", "list");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().contains("listed"));
    assertFalse(r.out().contains(key));
  }

  @Test
  void rotateKeyAndDisableTakeEffect() {
    String old =
        run(env, "client", "create", "rotating").out().lines().reduce((a, b) -> b).orElseThrow();
    Run rotated = run(env, "client", "rotate-key", "rotating");
    String fresh = rotated.out().lines().reduce((a, b) -> b).orElseThrow();
    ClientService clients = new ClientService(db.dsl());
    assertFalse(clients.authenticate(old, null).isPresent());
    assertTrue(clients.authenticate(fresh, null).isPresent());

    assertEquals(0, run(env, "client", "disable", "rotating").exitCode());
    assertFalse(clients.authenticate(fresh, null).isPresent());
    assertEquals(1, run(env, "client", "disable", "nobody").exitCode());
  }

  @Test
  void processQueueDrainsDueMessagesAndReportsCounts() {
    Messages messages = new Messages(db, "queue-owner");
    long a = messages.enqueue("+972501234567", "one");
    long b = messages.enqueue("+14155552671", "two");

    Run r = run(env, "process-queue");

    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("sent 2, failed 0, retried 0"), r.out());
    assertEquals("sent", messages.status(a));
    assertEquals("sent", messages.status(b));
  }

  @Test
  void badConfigurationStopsWithOneLineNamingTheVariable() {
    Map<String, String> bad = new HashMap<>(env);
    bad.put("WA_WORKER_BATCH_SIZE", "lots");
    Run r = run(bad, "client", "list");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: WA_WORKER_BATCH_SIZE='lots' is not valid"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void quotaSetsAndResetsAClientsOwnLimits() {
    ClientService clients = new ClientService(db.dsl());
    clients.create("quoted", null);
    Run set = run(env, "client", "quota", "quoted", "--per-minute", "30", "--per-day", "0");
    assertEquals(0, set.exitCode(), set.err());
    assertTrue(set.out().contains("30 per minute, no limit per day"), set.out());
    assertEquals(30, clients.get("quoted").quotaPerMinute());
    assertEquals(0, run(env, "client", "quota", "quoted", "--per-minute", "default").exitCode());
    assertNull(clients.get("quoted").quotaPerMinute());
    assertEquals(0, clients.get("quoted").quotaPerDay());
    Run bad = run(env, "client", "quota", "quoted", "--per-day", "lots");
    assertEquals(1, bad.exitCode());
    assertTrue(bad.err().contains("'default'"), bad.err());
  }

  @Test
  void deleteRemovesTheClient() {
    ClientService clients = new ClientService(db.dsl());
    String key = clients.create("doomed", null).apiKey();
    assertEquals(0, run(env, "client", "delete", "doomed").exitCode());
    assertTrue(clients.authenticate(key, null).isEmpty());
    Run again = run(env, "client", "delete", "doomed");
    assertEquals(1, again.exitCode());
    assertTrue(again.err().contains("No client named 'doomed'"), again.err());
  }

  @Test
  void webhookAddListRotateRemove() {
    assertEquals(0, run(env, "client", "create", "hooked").exitCode());
    Run added =
        run(
            env,
            "webhook",
            "add",
            "hooked",
            "https://shop.example/hooks",
            "--event",
            "message.sent");
    assertEquals(0, added.exitCode(), added.err());
    String secret = added.out().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(secret.startsWith("whsec_"), added.out());
    Run list = run(env, "webhook", "list", "hooked");
    assertTrue(list.out().contains("https://shop.example/hooks"), list.out());
    assertTrue(list.out().contains("message.sent"), list.out());
    assertFalse(list.out().contains(secret), "no secret in the list");
    String id = list.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
    Run rotated = run(env, "webhook", "rotate", "hooked", id);
    assertEquals(0, rotated.exitCode(), rotated.err());
    assertFalse(rotated.out().contains(secret), rotated.out());
    Run bad = run(env, "webhook", "add", "hooked", "ftp://nope");
    assertEquals(1, bad.exitCode());
    assertTrue(bad.err().contains("url"), bad.err());
    assertEquals(0, run(env, "webhook", "remove", "hooked", id).exitCode());
    assertFalse(run(env, "webhook", "list", "hooked").out().contains("shop.example"));
  }
}
