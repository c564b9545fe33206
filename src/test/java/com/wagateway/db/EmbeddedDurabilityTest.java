package com.wagateway.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 201 means the message is on disk: the embedded PostgreSQL runs with PostgreSQL's durable
 * defaults, not the embedding library's test settings (fsync off, synchronous_commit off).
 */
class EmbeddedDurabilityTest {

  @Test
  void theEmbeddedDatabaseFlushesEveryCommitToDisk(@TempDir Path dir) throws SQLException {
    try (EmbeddedDatabase db =
        EmbeddedDatabase.open(dir.resolve("postgres"), EmbeddedDatabase.Role.SERVER)) {
      assertEquals("on", show(db, "fsync"));
      assertEquals("on", show(db, "synchronous_commit"));
      assertEquals("on", show(db, "full_page_writes"));
    }
  }

  private static String show(EmbeddedDatabase db, String setting) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
