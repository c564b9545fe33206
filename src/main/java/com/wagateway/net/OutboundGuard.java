package com.wagateway.net;

import com.wagateway.config.Cidr;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides where a request the gateway makes on a client's behalf (a callback_url, later a
 * media_url) may go, and pins it there: the host is resolved once, every address it resolves to is
 * checked, and the caller connects to the checked address ({@link Target}), so a name that resolves
 * elsewhere a moment later (DNS rebinding) changes nothing. Refused: the addresses this host
 * answers on (its interfaces, a public one included: a listener on 0.0.0.0 hears them), the
 * special-purpose ranges that are not global ({@link SpecialAddresses}) and numeric host spellings
 * other than a.b.c.d ({@link NumericHosts}).
 */
public final class OutboundGuard {
  /** Resolves a host name; the seam tests use to answer differently on each call. */
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** Where to connect: the URL as given, and the one address that was checked. */
  public record Target(URI uri, String host, int port, boolean https, InetAddress address) {}

  /** The request may not go there; the message says why, for the client's delivery log. */
  public static final class RefusedException extends Exception {
    public RefusedException(String message) {
      super(message);
    }
  }

  private final Resolver resolver;
  private final Supplier<Set<InetAddress>> ownAddresses;
  private final boolean allowPrivate;

  /**
   * {@code allowPrivate}: the operator allows private receivers (WA_WEBHOOK_CALLBACK_PRIVATE); the
   * target is still resolved once and pinned.
   */
  public OutboundGuard(
      Resolver resolver, Supplier<Set<InetAddress>> ownAddresses, boolean allowPrivate) {
    this.resolver = resolver;
    this.ownAddresses = ownAddresses;
    this.allowPrivate = allowPrivate;
  }

  /** The system resolver and this host's interfaces. */
  public static OutboundGuard system(boolean allowPrivate) {
    return new OutboundGuard(
        InetAddress::getAllByName, OutboundGuard::interfaceAddresses, allowPrivate);
  }

  /** Every address of every interface of this host, now (interfaces come and go). */
  public static Set<InetAddress> interfaceAddresses() {
    Set<InetAddress> all = new HashSet<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        all.addAll(Collections.list(ni.getInetAddresses()));
      }
    } catch (SocketException e) {
      // Without the list, the special ranges still hold; a public interface address would not.
      return Set.of();
    }
    return all;
  }

  /** Resolves and checks {@code uri}; the answer is where to connect. */
  public Target check(URI uri) throws RefusedException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new RefusedException("refused: only http:// and https:// URLs are fetched");
    }
    String host = uri.getHost();
    if (host == null && uri.getRawAuthority() != null) {
      // java.net.URI takes "127.1" or "0x7f.1" for no host name at all (a last label must not
      // start with a digit); other clients take them for addresses, so they are judged as such.
      String authority = uri.getRawAuthority().replaceFirst("^.*@", "").replaceFirst(":\\d*$", "");
      if (NumericHosts.unusual(authority).isPresent()) host = authority;
    }
    if (host == null || host.isEmpty())
      throw new RefusedException("refused: the URL names no host");
    boolean https = scheme.equals("https");
    int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
    InetAddress[] addresses;
    Optional<InetAddress> literal = Cidr.literal(host);
    if (literal.isPresent()) {
      addresses = new InetAddress[] {literal.get()};
    } else {
      Optional<String> numeric = NumericHosts.unusual(host);
      if (numeric.isPresent()) {
        throw new RefusedException(
            "refused: "
                + host
                + " is a numeric spelling of "
                + numeric.get()
                + " that resolvers read differently; write the address as four decimal numbers"
                + " (a.b.c.d)");
      }
      try {
        addresses = resolver.resolve(host);
      } catch (UnknownHostException e) {
        throw new RefusedException("could not resolve " + host);
      }
      if (addresses.length == 0) throw new RefusedException("could not resolve " + host);
    }
    if (!allowPrivate) {
      Set<InetAddress> own = ownAddresses.get();
      for (InetAddress a : addresses) {
        String why = own.contains(a) ? "an address of this host" : SpecialAddresses.range(a);
        if (why != null) {
          throw new RefusedException(
              "refused: "
                  + host
                  + (literal.isPresent() ? " is " : " resolves to " + a.getHostAddress() + ", ")
                  + why
                  + ": a client's URL must reach a public address, not a loopback or private one"
                  + " (WA_WEBHOOK_CALLBACK_PRIVATE=true allows those)");
        }
      }
    }
    return new Target(uri, host, port, https, addresses[0]);
  }
}
