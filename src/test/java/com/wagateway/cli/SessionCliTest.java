package com.wagateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCliTest {
  record Run(int exitCode, String out, String err) {}

  @Test
  void sessionCreateListAndDeleteRefusedWhileAClientUsesIt(@TempDir Path dir) {
    try (TestDatabase db = TestDatabase.create(SessionCliTest.class)) {
      var env = TestConfig.env(db, dir);
      Run created = run(env, "session", "create", "shop");
      assertEquals(0, created.exitCode(), created.err());
      assertTrue(created.out().contains("Created session 'shop'"), created.out());

      assertEquals(0, run(env, "client", "create", "acme").exitCode());
      Run list = run(env, "session", "list");
      assertTrue(list.out().contains("default"), list.out());
      assertTrue(list.out().matches("(?s).*default\\s+stopped.*acme.*"), list.out());
      assertTrue(list.out().contains("shop"), list.out());

      Run inUse = run(env, "session", "delete", "default");
      assertEquals(1, inUse.exitCode());
      assertTrue(inUse.err().contains("acme"), inUse.err());
      assertEquals(0, run(env, "session", "delete", "shop").exitCode());
      assertTrue(!run(env, "session", "list").out().contains("shop"));
      assertEquals(1, run(env, "session", "create", "default").exitCode(), "exists already");
    }
  }

  private static Run run(java.util.Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }
}
