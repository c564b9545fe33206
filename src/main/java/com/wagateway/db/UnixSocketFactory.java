package com.wagateway.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import javax.net.SocketFactory;

/**
 * Lets the PostgreSQL driver ({@code socketFactory=...&socketFactoryArg=<socket file>}) reach the
 * embedded server through its Unix socket in the data directory. A command run in another container
 * on the same volume shares neither the server's network nor its process IDs, but it sees that
 * file: that is how {@code docker run ... client list} beside a running container finds the
 * database. The driver's TCP socket options mean nothing here and are accepted and ignored.
 */
public final class UnixSocketFactory extends SocketFactory {
  private final Path socketFile;

  /** Called by the driver with {@code socketFactoryArg}: the path of the socket file. */
  public UnixSocketFactory(String socketFile) {
    this.socketFile = Path.of(socketFile);
  }

  @Override
  public Socket createSocket() {
    return new UnixSocket(socketFile);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket socket = createSocket();
    socket.connect(null, 0);
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return createSocket(host, port);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return createSocket((String) null, port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return createSocket((String) null, port);
  }

  /** A java.net.Socket face on a Unix-domain SocketChannel, as much of it as the driver uses. */
  private static final class UnixSocket extends Socket {
    private final Path file;
    private SocketChannel channel;
    private InputStream in;
    private OutputStream out;
    private int timeout;

    UnixSocket(Path file) {
      this.file = file;
    }

    @Override
    public void connect(SocketAddress ignored, int timeoutMillis) throws IOException {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.connect(UnixDomainSocketAddress.of(file));
      } catch (IOException e) {
        channel.close();
        throw new IOException("Cannot connect to " + file + ": " + e.getMessage(), e);
      }
      in = Channels.newInputStream(channel);
      out = Channels.newOutputStream(channel);
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
      connect(endpoint, 0);
    }

    @Override
    public boolean isConnected() {
      return channel != null && channel.isConnected();
    }

    @Override
    public boolean isClosed() {
      return channel != null && !channel.isOpen();
    }

    @Override
    public InputStream getInputStream() {
      return in;
    }

    @Override
    public OutputStream getOutputStream() {
      return out;
    }

    @Override
    public synchronized void close() throws IOException {
      if (channel != null) channel.close();
    }

    @Override
    public void shutdownInput() throws IOException {
      channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
      channel.shutdownOutput();
    }

    // Read timeouts do not apply to a channel's blocking stream; the value is kept for the driver,
    // which reads it back. The embedded server is local: there is no network to vanish.
    @Override
    public synchronized void setSoTimeout(int timeout) {
      this.timeout = timeout;
    }

    @Override
    public synchronized int getSoTimeout() {
      return timeout;
    }

    @Override
    public void setTcpNoDelay(boolean on) {}

    @Override
    public boolean getTcpNoDelay() {
      return true;
    }

    @Override
    public void setKeepAlive(boolean on) {}

    @Override
    public boolean getKeepAlive() {
      return false;
    }

    @Override
    public void setSendBufferSize(int size) {}

    @Override
    public int getSendBufferSize() {
      return 8192;
    }

    @Override
    public void setReceiveBufferSize(int size) {}

    @Override
    public int getReceiveBufferSize() {
      return 8192;
    }
  }
}
