package com.wagateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.client.ClientService;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's client subcommands added with the admin API; both go through ClientService. */
class ClientQuotaAndDeleteCliTest {
  static TestDatabase db;
  static Map<String, String> env;

  @BeforeAll
  static void createDatabase(@TempDir Path dir) {
    db = TestDatabase.create(ClientQuotaAndDeleteCliTest.class);
    env = TestConfig.env(db, dir);
  }

  @AfterAll
  static void dropPool() {
    db.close();
  }

  static int run(StringWriter out, StringWriter err, String... args) {
    return Main.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void quotaSetsAndResetsAClientsOwnLimits() {
    ClientService clients = new ClientService(db.dsl());
    clients.create("quoted", null);
    StringWriter out = new StringWriter();
    assertEquals(0, run(out, new StringWriter(), "client", "quota", "quoted", "--per-minute", "30", "--per-day", "0"));
    assertTrue(out.toString().contains("30 per minute, no limit per day"), out.toString());
    assertEquals(30, clients.details("quoted").quota_per_minute());
    assertEquals(0, run(new StringWriter(), new StringWriter(), "client", "quota", "quoted", "--per-minute", "default"));
    assertNull(clients.details("quoted").quota_per_minute());
    assertEquals(0, clients.details("quoted").quota_per_day());
    StringWriter err = new StringWriter();
    assertEquals(1, run(new StringWriter(), err, "client", "quota", "quoted", "--per-day", "lots"));
    assertTrue(err.toString().contains("'default'"));
  }

  @Test
  void deleteRemovesTheClient() {
    ClientService clients = new ClientService(db.dsl());
    String key = clients.create("doomed", null).apiKey();
    assertEquals(0, run(new StringWriter(), new StringWriter(), "client", "delete", "doomed"));
    assertTrue(clients.authenticate(key, null).isEmpty());
    StringWriter err = new StringWriter();
    assertEquals(1, run(new StringWriter(), err, "client", "delete", "doomed"));
    assertTrue(err.toString().contains("No client named 'doomed'"));
  }
}
