package com.wagateway.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to a managed PostgreSQL, as the README documents it: a server with a certificate of its own
 * CA, reached with {@code sslmode=verify-full}: the right CA in {@code sslrootcert} connects
 * encrypted, another CA is refused before any query.
 */
class DatabaseTlsTest {
  @TempDir static Path dir;
  private static EmbeddedPostgres server;

  private static void openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(3, TimeUnit.MINUTES) && p.exitValue() == 0, out);
  }

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is needed to make certificates");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "2",
        "-subj",
        "/CN=test-ca");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "other.key",
        "-out",
        "other.crt",
        "-days",
        "2",
        "-subj",
        "/CN=other-ca");
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost");
    Files.writeString(dir.resolve("san.cnf"), "subjectAltName=DNS:localhost\n");
    openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        "san.cnf");
    Files.setPosixFilePermissions(
        dir.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
    server =
        EmbeddedPostgres.builder()
            .setServerConfig("ssl", "on")
            .setServerConfig("ssl_cert_file", dir.resolve("server.crt").toString())
            .setServerConfig("ssl_key_file", dir.resolve("server.key").toString())
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  private static String url(String rootCert) {
    return "jdbc:postgresql://localhost:"
        + server.getPort()
        + "/postgres?user=postgres&sslmode=verify-full&sslrootcert="
        + dir.resolve(rootCert);
  }

  private static HikariDataSource pool(String rootCert) {
    return Database.pool("tls", url(rootCert), null, null, 1, 5_000);
  }

  @Test
  void verifyFullWithTheServersCaConnectsEncrypted() {
    try (HikariDataSource pool = pool("ca.crt")) {
      Object ssl =
          Database.dsl(pool).fetchValue("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
      assertEquals(Boolean.TRUE, ssl);
    }
  }

  @Test
  void verifyFullWithAnotherCaIsRefused() {
    // Straight through the driver: the pool would only say that no connection came.
    SQLException e =
        assertThrows(
            SQLException.class, () -> DriverManager.getConnection(url("other.crt")).close());
    assertTrue(e.getMessage().contains("SSL"), e.getMessage());
  }
}
