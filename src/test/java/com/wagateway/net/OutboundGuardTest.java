package com.wagateway.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard for URLs the gateway fetches for a client (issue 24): every form the outside probe used
 * to reach the gateway's own network is refused, public addresses pass, and the request goes to the
 * address that was checked.
 */
class OutboundGuardTest {
  private static final OutboundGuard STRICT = OutboundGuard.system(false);

  private static String refusal(OutboundGuard guard, String url) {
    return assertThrows(OutboundGuard.RefusedException.class, () -> guard.check(URI.create(url)))
        .getMessage();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.1",
        "100.100.100.200",
        "100.64.0.1",
        "198.18.0.1",
        "198.19.255.254",
        "192.0.0.8",
        "192.0.2.1",
        "198.51.100.7",
        "203.0.113.9",
        "240.0.0.1",
        "255.255.255.255",
        "224.0.0.251",
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "[::]",
        "[::1]",
        "[::127.0.0.1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:100.100.100.200]",
        "[64:ff9b::7f00:1]",
        "[64:ff9b::a00:1]",
        "[64:ff9b:1::808:808]",
        "[2002:7f00:1::]",
        "[2002:a9fe:a9fe::1]",
        "[2001:db8::1]",
        "[2001::1]",
        "[2001:0:4136:e378::1]",
        "[fc00::1]",
        "[fd12:3456::1]",
        "[fe80::1]",
        "[ff02::1]",
        "[100::1]"
      })
  void specialPurposeAddressesAreRefused(String host) {
    String why = refusal(STRICT, "http://" + host + ":8080/hook");
    assertTrue(why.startsWith("refused: "), why);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"0177.0.0.1", "0x7f.1", "0x7f000001", "2130706433", "127.1", "017700000001"})
  void numericSpellingsOfAnAddressAreRefusedNamingTheAddressMeant(String host) {
    String why = refusal(STRICT, "http://" + host + "/hook");
    assertTrue(why.contains("numeric spelling of 127.0.0.1"), why);
  }

  @Test
  void octalThatWouldReadAsAPublicAddressInJavaIsStillRefused() {
    // Java reads 0177.0.0.1 as 177.0.0.1; curl and C resolvers as 127.0.0.1.
    assertTrue(refusal(STRICT, "http://0177.0.0.1/").contains("127.0.0.1"));
  }

  @Test
  void everyAddressThisHostAnswersOnIsRefused() {
    Set<InetAddress> own = OutboundGuard.interfaceAddresses();
    assertFalse(own.isEmpty());
    for (InetAddress a : own) {
      String host = a.getHostAddress().replaceAll("%.*", "");
      String literal = host.contains(":") ? "[" + host + "]" : host;
      refusal(STRICT, "http://" + literal + "/");
    }
  }

  @Test
  void aPublicAddressOfThisHostIsRefusedToo() throws Exception {
    InetAddress mine = InetAddress.getByName("93.184.215.14");
    OutboundGuard guard = new OutboundGuard(InetAddress::getAllByName, () -> Set.of(mine), false);
    assertTrue(refusal(guard, "http://93.184.215.14/").contains("an address of this host"));
    assertEquals(
        InetAddress.getByName("1.1.1.1"), guard.check(URI.create("http://1.1.1.1/")).address());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "93.184.215.14",
        "8.8.8.8",
        "[2606:4700:4700::1111]",
        "[64:ff9b::808:808]",
        "[2002:808:808::]"
      })
  void publicAddressesPass(String host) throws Exception {
    OutboundGuard.Target t = STRICT.check(URI.create("https://" + host + "/hook"));
    assertEquals(443, t.port());
  }

  @Test
  void aNameResolvingToAnyRefusedAddressIsRefused() {
    OutboundGuard guard =
        new OutboundGuard(
            host ->
                new InetAddress[] {
                  InetAddress.getByName("8.8.8.8"), InetAddress.getByName("127.0.0.1")
                },
            Set::of,
            false);
    String why = refusal(guard, "http://mixed.example/");
    assertTrue(why.contains("resolves to 127.0.0.1"), why);
  }

  @Test
  void theRequestGoesToTheAddressCheckedWithoutResolvingAgain() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> hosts = new CopyOnWriteArrayList<>();
    server.createContext(
        "/",
        exchange -> {
          hosts.add(exchange.getRequestHeaders().getFirst("Host"));
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    try {
      AtomicInteger lookups = new AtomicInteger();
      // A name that first resolves to the receiver, then elsewhere (DNS rebinding).
      OutboundGuard.Resolver rebinding =
          host -> {
            if (lookups.incrementAndGet() > 1) throw new UnknownHostException("asked twice");
            return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
          };
      OutboundGuard guard = new OutboundGuard(rebinding, Set::of, true);
      int port = server.getAddress().getPort();
      OutboundGuard.Target target =
          guard.check(URI.create("http://rebind.test:" + port + "/hook?x=1"));
      int status =
          PinnedHttp.post(
              target,
              Map.of("Content-Type", "application/json"),
              "{}".getBytes(StandardCharsets.UTF_8),
              Duration.ofSeconds(2),
              Duration.ofSeconds(5));
      assertEquals(204, status);
      assertEquals(List.of("rebind.test:" + port), hosts);
      assertEquals(1, lookups.get());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void overHttpsTheCertificateIsCheckedOnThePinnedConnection(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("self-signed.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-alias",
                "server",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String out = new String(keytool.getInputStream().readAllBytes());
    assertEquals(0, keytool.waitFor(), out);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    List<String> reached = new CopyOnWriteArrayList<>();
    server.createContext(
        "/",
        exchange -> {
          reached.add(exchange.getRequestURI().toString());
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    try {
      OutboundGuard guard =
          new OutboundGuard(
              host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")}, Set::of, true);
      OutboundGuard.Target target =
          guard.check(URI.create("https://localhost:" + server.getAddress().getPort() + "/hook"));
      // A certificate no trusted CA signed: the post fails in the handshake, nothing is sent.
      assertThrows(
          SSLHandshakeException.class,
          () ->
              PinnedHttp.post(
                  target,
                  Map.of(),
                  "{}".getBytes(StandardCharsets.UTF_8),
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(5)));
      assertEquals(List.of(), reached);
    } finally {
      server.stop(0);
    }
  }
}
