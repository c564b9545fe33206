package com.wagateway.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 POST to the address a {@link OutboundGuard} checked, never to another: the JDK's
 * HttpClient resolves the host again by itself and has no way to be told the address. TLS checks
 * the certificate against the host name of the URL (SNI included), as any client does. Only the
 * status line is read; the connection is then closed.
 */
public final class PinnedHttp {
  private static final int MAX_STATUS_LINE = 8 * 1024;

  private PinnedHttp() {}

  /**
   * Posts {@code body} with {@code headers} (Host, Content-Length and Connection are set here);
   * answers the status code. The whole exchange ends within {@code timeout} (after the connect,
   * which may take {@code connectTimeout}), whatever the receiver does.
   */
  public static int post(
      OutboundGuard.Target target,
      Map<String, String> headers,
      byte[] body,
      Duration connectTimeout,
      Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Socket socket = new Socket();
    try {
      socket.connect(
          new InetSocketAddress(target.address(), target.port()),
          (int) Math.max(1, connectTimeout.toMillis()));
      socket.setSoTimeout(remaining(deadline));
      if (target.https()) socket = tls(socket, target);
      OutputStream out = socket.getOutputStream();
      out.write(request(target, headers, body.length));
      out.write(body);
      out.flush();
      return status(socket, socket.getInputStream(), deadline);
    } finally {
      socket.close();
    }
  }

  private static Socket tls(Socket plain, OutboundGuard.Target target) throws IOException {
    SSLContext context;
    try {
      context = SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("no TLS available: " + e.getMessage(), e);
    }
    SSLSocket ssl =
        (SSLSocket)
            context.getSocketFactory().createSocket(plain, target.host(), target.port(), true);
    SSLParameters params = ssl.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    if (!target.host().contains(":") && !Character.isDigit(lastChar(target.host()))) {
      params.setServerNames(List.of(new SNIHostName(target.host())));
    }
    ssl.setSSLParameters(params);
    ssl.startHandshake();
    return ssl;
  }

  private static char lastChar(String s) {
    return s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
  }

  private static byte[] request(
      OutboundGuard.Target target, Map<String, String> headers, int length) {
    String path = target.uri().getRawPath();
    if (path == null || path.isEmpty()) path = "/";
    if (target.uri().getRawQuery() != null) path += "?" + target.uri().getRawQuery();
    boolean defaultPort = target.port() == (target.https() ? 443 : 80);
    String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
    if (target.host().startsWith("[")) host = target.host();
    StringBuilder r = new StringBuilder();
    r.append("POST ").append(path).append(" HTTP/1.1\r\n");
    r.append("Host: ").append(host).append(defaultPort ? "" : ":" + target.port()).append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      r.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    r.append("Content-Length: ").append(length).append("\r\n");
    r.append("Connection: close\r\n\r\n");
    return r.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static int status(Socket socket, InputStream in, long deadline) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      socket.setSoTimeout(remaining(deadline));
      int b = in.read();
      if (b == -1) throw new IOException("the connection closed before an HTTP status line");
      if (b == '\n') break;
      if (line.size() >= MAX_STATUS_LINE) throw new IOException("no HTTP status line");
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1).trim();
    String[] parts = text.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
      throw new IOException("not an HTTP status line: " + text);
    }
    return Integer.parseInt(parts[1]);
  }

  private static int remaining(long deadline) throws SocketTimeoutException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) throw new SocketTimeoutException("no answer in time");
    return (int) left;
  }
}
