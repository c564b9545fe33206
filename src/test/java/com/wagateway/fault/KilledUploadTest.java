package com.wagateway.fault;

import static com.wagateway.db.schema.Tables.MEDIA;
import static com.wagateway.db.schema.Tables.MEDIA_CHUNK;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.currentCatalog;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.wagateway.client.ClientService;
import com.wagateway.support.MediaFiles;
import com.wagateway.support.ProcessTest;
import com.wagateway.support.ServiceProcess;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with SIGKILL in the middle of an upload leaves no half media: the upload is one
 * transaction, which PostgreSQL rolls back when the dead process's connection goes.
 */
@ProcessTest
class KilledUploadTest {

  @Test
  void uploadCutByAKillLeavesNoMediaAndNoChunks(@TempDir Path dir) throws Exception {
    try (TestDatabase db = TestDatabase.create(KilledUploadTest.class)) {
      DSLContext dsl = db.dsl();
      new ClientService(dsl).create("uploader", "uploader-key-1");
      try (ServiceProcess server = ServiceProcess.start("a", TestConfig.env(db, dir), dir)) {
        server.awaitReady(ServiceProcess.STARTUP);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
          OutputStream out = socket.getOutputStream();
          out.write(
              ("POST /media?filename=big.pdf HTTP/1.1\r\nHost: x\r\n"
                      + "Authorization: Bearer uploader-key-1\r\n"
                      + "Content-Type: application/pdf\r\nContent-Length: 50000000\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          // Several chunks' worth, then the client goes quiet with the transaction open.
          out.write(MediaFiles.pdf(3_000_000, 1));
          out.flush();
          await("the upload's transaction has written chunks and waits for more")
              .atMost(Duration.ofMinutes(2))
              .until(() -> uploadInProgress(dsl));
          server.kill();
        }
        await("PostgreSQL rolls the dead connection's transaction back")
            .atMost(Duration.ofMinutes(2))
            .until(() -> !uploadInProgress(dsl));
        assertEquals(0, dsl.fetchCount(MEDIA));
        assertEquals(0, dsl.fetchCount(MEDIA_CHUNK));
      }
    }
  }

  /** A connection to this database inside a transaction whose last statement wrote a chunk. */
  private static boolean uploadInProgress(DSLContext dsl) {
    return dsl.fetchExists(
        table(name("pg_stat_activity")),
        field(name("datname"), String.class)
            .eq(currentCatalog())
            .and(field(name("state"), String.class).eq("idle in transaction"))
            .and(field(name("query"), String.class).like("insert into \"media_chunk\"%")));
  }
}
