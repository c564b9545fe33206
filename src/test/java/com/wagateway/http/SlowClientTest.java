package com.wagateway.http;

import static com.wagateway.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that announce a body and never send it, or send their headers a byte at a time, hold a
 * connection and nothing else: every other caller is still answered at once, and the stalled
 * connections are closed after {@code WA_HTTP_READ_TIMEOUT}.
 */
class SlowClientTest {
  private static final int STALLED = 50;
  private static TestServer server;
  private static TestServer impatient;
  private static String key;

  @BeforeAll
  static void start() {
    server = TestServer.start(SlowClientTest.class);
    impatient = TestServer.start(SlowClientTest.class, Map.of("WA_HTTP_READ_TIMEOUT", "1s"));
    key = server.newClientKey("slow");
  }

  @AfterAll
  static void stop() {
    server.close();
    impatient.close();
  }

  @Test
  void fiftyStalledBodiesLeaveHealthAndSendsAnsweringAtOnce() throws IOException {
    Api api = server.api();
    // The same calls with nothing stalled, for the log. Stalled request threads would make calls
    // hang, not slow: the test asserts that every call is answered, not how fast.
    long healthAlone = medianMillis(() -> api.get("/health/live").send(), 200);
    long sendAlone = medianMillis(() -> send(api), 201);
    List<Socket> stalled = new ArrayList<>();
    try {
      // Unauthenticated, on the routes that read a body and on one that does not, as the probe did.
      String[] paths = {"/send-message/", "/messages", "/contacts", "/health/live"};
      for (int i = 0; i < STALLED; i++) {
        stalled.add(stall(server, paths[i % paths.length], null));
      }
      stalled.add(stall(server, "/messages/batch", key));
      assertTimeoutPreemptively(
          Duration.ofMinutes(2),
          () -> {
            long health = medianMillis(() -> api.get("/health/live").send(), 200);
            long send = medianMillis(() -> send(api), 201);
            System.out.printf(
                "With %d stalled bodies open: median /health/live %d ms (%d ms without), median"
                    + " POST /messages %d ms (%d ms without)%n",
                STALLED + 1, health, healthAlone, send, sendAlone);
          },
          "the API stopped answering while " + STALLED + " bodies were stalled");
    } finally {
      for (Socket s : stalled) s.close();
    }
  }

  private static Api.Response send(Api api) {
    return api.post("/messages")
        .key(key)
        .json(obj("phone", "+14155550100", "text", "still here"))
        .send();
  }

  @Test
  void aBodyThatStopsArrivingIsCutAfterTheReadTimeout() throws IOException {
    try (Socket s = stall(impatient, "/send-message/", null)) {
      assertClosedBeforeTheDefaultTimeout(s);
    }
  }

  @Test
  void headersSentTooSlowlyAreCutAfterTheReadTimeout() throws IOException {
    try (Socket s = new Socket("127.0.0.1", impatient.app().httpPort())) {
      OutputStream out = s.getOutputStream();
      out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes());
      out.flush();
      assertClosedBeforeTheDefaultTimeout(s);
    }
  }

  /** Sends a request's headers announcing 60,000 bytes of body, and 10 of them. */
  private static Socket stall(TestServer target, String path, String key) throws IOException {
    Socket s = new Socket("127.0.0.1", target.app().httpPort());
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
            + "Content-Length: 60000\r\n\r\n{\"phone\":";
    s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  /**
   * The impatient server's 1 s read timeout closed the connection, not the default 30 s one: a
   * generous wait that a loaded machine does not miss, and still well short of the default.
   */
  private static void assertClosedBeforeTheDefaultTimeout(Socket s) throws IOException {
    Duration limit = Duration.ofSeconds(20);
    s.setSoTimeout((int) limit.toMillis());
    InputStream in = s.getInputStream();
    try {
      // Whatever the server says before closing (a 408, say) is read and skipped.
      while (in.read() != -1) {
        // draining
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection was still open after " + limit.toSeconds() + " s");
    } catch (IOException reset) {
      // a reset is a close too
    }
  }

  private static long medianMillis(Supplier<Api.Response> call, int expectedStatus) {
    long[] took = new long[7];
    for (int i = 0; i < took.length; i++) {
      long started = System.nanoTime();
      Api.Response r = call.get();
      took[i] = (System.nanoTime() - started) / 1_000_000;
      assertEquals(expectedStatus, r.status(), r.toString());
    }
    Arrays.sort(took);
    return took[took.length / 2];
  }
}
