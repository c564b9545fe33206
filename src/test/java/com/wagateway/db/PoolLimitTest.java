package com.wagateway.db;

import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.val;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.config.Config;
import com.wagateway.config.ConfigException;
import com.wagateway.support.TestDatabase;
import java.time.Duration;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Once connected, the pools are checked against the limit the database itself reports. */
class PoolLimitTest {
  private static TestDatabase db;

  @BeforeAll
  static void create() {
    db = TestDatabase.create(PoolLimitTest.class);
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void poolsAreCheckedAgainstTheServersMaxConnections() {
    DSLContext dsl = db.dsl();
    int max =
        Integer.parseInt(
            dsl.fetchValue(function("current_setting", String.class, val("max_connections"))));
    ConfigException e =
        assertThrows(ConfigException.class, () -> Database.checkPools(pools(max, 1), dsl));
    assertTrue(e.getMessage().contains("max_connections=" + max), e.getMessage());
    assertDoesNotThrow(() -> Database.checkPools(pools(10, 3), dsl));
  }

  private static Config.Database pools(int api, int worker) {
    return new Config.Database(db.url(), null, null, api, worker, Duration.ofSeconds(5));
  }
}
