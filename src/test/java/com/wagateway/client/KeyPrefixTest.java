package com.wagateway.client;

import static com.wagateway.db.schema.Tables.CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.cli.Main;
import com.wagateway.support.Api;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key's prefix helps tell long keys apart; no part of a short key is ever shown. */
class KeyPrefixTest {

  @Test
  void aShortKeyIsShownInNoPartByTheCliOrTheAdminApi(@TempDir Path dir) {
    try (TestServer server = TestServer.start(KeyPrefixTest.class)) {
      StringWriter out = new StringWriter();
      int code =
          Main.run(
              TestConfig.env(server.db(), dir),
              new PrintWriter(out, true),
              new PrintWriter(new StringWriter(), true),
              "client",
              "create",
              "infinity",
              "--api-key",
              "123456");
      assertEquals(0, code);
      StringWriter listed = new StringWriter();
      Main.run(
          TestConfig.env(server.db(), dir),
          new PrintWriter(listed, true),
          new PrintWriter(new StringWriter(), true),
          "client",
          "list");
      assertTrue(listed.toString().contains("infinity"), listed.toString());
      assertFalse(listed.toString().contains("1234"), listed.toString());

      Api.Response shown =
          server.api().get("/admin/clients/infinity").key(TestServer.ADMIN_TOKEN).send();
      assertTrue(shown.json().get("api_key_prefix").isJsonNull(), shown.toString());
      Api.Response custom =
          server
              .api()
              .post("/admin/clients")
              .key(TestServer.ADMIN_TOKEN)
              .json("{\"name\": \"mid\", \"api_key\": \"abcdefghijkl\"}")
              .send();
      assertTrue(custom.json().getAsJsonObject("client").get("api_key_prefix").isJsonNull());
    }
  }

  @Test
  void aGeneratedKeyKeepsAShortPrefix() {
    String key = ApiKeys.generate();
    assertEquals(key.substring(0, 8), ApiKeys.prefix(key));
    assertTrue(key.length() >= 32);
    assertNull(ApiKeys.prefix("123456"));
    assertNull(ApiKeys.prefix("a-twenty-three-chars-xx"));
  }

  @Test
  void theMigrationForgetsPrefixesThatWereWholeOrCustomKeys() throws Exception {
    // A schema of its own, migrated only as far as V2, stands for an install from before V5.
    try (var db = com.wagateway.support.TestDatabase.create(KeyPrefixTest.class)) {
      Flyway.configure()
          .dataSource(db.dataSource())
          .schemas("before_v5")
          .locations("classpath:db/migration")
          .target("2")
          .load()
          .migrate();
      String generated = ApiKeys.generate();
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("SET search_path TO before_v5");
        s.execute(insert("short", "123456", "123456"));
        s.execute(insert("custom", "my-own-key-of-thirty-characters", "my-own-"));
        s.execute(insert("generated", generated, generated.substring(0, 8)));
      }
      Flyway.configure()
          .dataSource(db.dataSource())
          .schemas("before_v5")
          .locations("classpath:db/migration")
          .load()
          .migrate();
      var prefixes =
          db.dsl()
              .select(CLIENT.CLIENT_NAME, CLIENT.API_KEY_PREFIX)
              .from(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("before_v5", "client")))
              .fetchMap(CLIENT.CLIENT_NAME, CLIENT.API_KEY_PREFIX);
      assertNull(prefixes.get("short"));
      assertNull(prefixes.get("custom"));
      assertEquals(generated.substring(0, 8), prefixes.get("generated"));
    }
  }

  private static String insert(String name, String key, String prefix) {
    return "INSERT INTO client (client_name, api_key_hash, api_key_prefix) VALUES ('"
        + name
        + "', '"
        + ApiKeys.hash(key)
        + "', '"
        + prefix
        + "')";
  }
}
