package com.wagateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A body in a transfer coding the server does not implement is answered 501 before any route runs
 * (RFC 9112 6.1), and nothing is stored: the probe of issue 24 saw such bodies decoded as chunked
 * and answered 201.
 */
class TransferCodingTest {
  private static final String BODY = "{\"phone\":\"+972501234567\",\"text\":\"smuggled\"}";
  private static TestServer server;
  private static String key;

  @BeforeAll
  static void start() {
    server = TestServer.start(TransferCodingTest.class);
    key = server.newClientKey("codings");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String post(String transferEncoding) throws IOException {
    String chunked = Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n";
    String request =
        "POST /messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + key
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: "
            + transferEncoding
            + "\r\nConnection: close\r\n\r\n"
            + chunked;
    try (Socket s = new Socket("127.0.0.1", server.app().httpPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      try {
        in.transferTo(answer);
      } catch (IOException closed) {
        // what arrived before the close is the answer
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static int stored() {
    return server.api().get("/messages").key(key).send().data().size();
  }

  @ParameterizedTest
  @ValueSource(strings = {"xchunked", "gzip", "chunked, identity", "gzip, chunked", "identity"})
  void anUnknownCodingIs501AndNothingIsStored(String coding) throws IOException {
    int before = stored();
    String answer = post(coding);
    assertTrue(answer.startsWith("HTTP/1.1 501 "), answer);
    assertTrue(answer.contains("application/problem+json"), answer);
    assertTrue(answer.contains("Transfer-Encoding"), answer);
    assertEquals(before, stored());
  }

  @Test
  void plainChunkedIsAccepted() throws IOException {
    int before = stored();
    String answer = post("chunked");
    assertTrue(answer.startsWith("HTTP/1.1 201 "), answer);
    assertEquals(before + 1, stored());
  }
}
