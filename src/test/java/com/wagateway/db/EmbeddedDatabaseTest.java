package com.wagateway.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void dataSurvivesARestartAndACommandAttachesToTheRunningServer(@TempDir Path dir)
      throws SQLException {
    Path data = dir.resolve("postgres");
    try (EmbeddedDatabase server = EmbeddedDatabase.open(data, EmbeddedDatabase.Role.SERVER)) {
      execute(server, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
      try (EmbeddedDatabase cli = EmbeddedDatabase.open(data, EmbeddedDatabase.Role.COMMAND)) {
        assertTrue(cli.description().contains("attached"), cli.description());
        assertEquals("still here", value(cli));
      }
      assertEquals("still here", value(server), "closing the attached one left the server running");
    }
    try (EmbeddedDatabase restarted = EmbeddedDatabase.open(data, EmbeddedDatabase.Role.SERVER)) {
      assertEquals("still here", value(restarted));
    }
  }

  @Test
  void aSecondServerOnTheSameDataIsRefused(@TempDir Path dir) {
    Path data = dir.resolve("postgres");
    try (EmbeddedDatabase server = EmbeddedDatabase.open(data, EmbeddedDatabase.Role.SERVER)) {
      DatabaseUnavailableException refused =
          assertThrows(
              DatabaseUnavailableException.class,
              () -> EmbeddedDatabase.open(data, EmbeddedDatabase.Role.SERVER));
      assertTrue(refused.getMessage().contains("another gateway process"), refused.getMessage());
    }
  }

  static void execute(EmbeddedDatabase db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), null);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static String value(EmbeddedDatabase db) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
