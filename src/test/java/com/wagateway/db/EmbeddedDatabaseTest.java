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

/** The zero-configuration database keeps its data and can be shared by the CLI and the server. */
class EmbeddedDatabaseTest {

  @Test
  void dataSurvivesARestartAndASecondProcessAttachesToTheRunningServer(@TempDir Path dir)
      throws SQLException {
    Path data = dir.resolve("postgres");
    try (EmbeddedDatabase server = EmbeddedDatabase.startOrAttach(data)) {
      execute(server, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
      try (EmbeddedDatabase cli = EmbeddedDatabase.startOrAttach(data)) {
        assertEquals(server.jdbcUrl(), cli.jdbcUrl(), "attached to the running server");
        assertEquals("still here", value(cli));
      }
      assertEquals("still here", value(server), "closing the attached one left the server running");
    }
    try (EmbeddedDatabase restarted = EmbeddedDatabase.startOrAttach(data)) {
      assertEquals("still here", value(restarted));
    }
  }

  private static void execute(EmbeddedDatabase db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), null);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String value(EmbeddedDatabase db) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
