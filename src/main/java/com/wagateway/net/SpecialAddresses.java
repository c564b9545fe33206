package com.wagateway.net;

import com.wagateway.config.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The blocks of IANA's IPv4 and IPv6 special-purpose address registries that are not globally
 * reachable (RFC 6890 and later entries), plus multicast and the reserved ones: a request the
 * gateway makes for a client must not land in any of them. IPv6 forms that carry an IPv4 address
 * (mapped, compatible, NAT64, 6to4) are judged by the address they carry.
 */
public final class SpecialAddresses {
  private record Block(Cidr cidr, String name) {}

  private static final List<Block> BLOCKS =
      List.of(
          block("0.0.0.0/8", "\"this network\""),
          block("10.0.0.0/8", "private-use"),
          block("100.64.0.0/10", "shared address space (carrier-grade NAT, cloud metadata)"),
          block("127.0.0.0/8", "loopback"),
          block("169.254.0.0/16", "link-local"),
          block("172.16.0.0/12", "private-use"),
          block("192.0.0.0/24", "IETF protocol assignments"),
          block("192.0.2.0/24", "documentation (TEST-NET-1)"),
          block("192.88.99.0/24", "6to4 relay anycast (deprecated)"),
          block("192.168.0.0/16", "private-use"),
          block("198.18.0.0/15", "benchmarking"),
          block("198.51.100.0/24", "documentation (TEST-NET-2)"),
          block("203.0.113.0/24", "documentation (TEST-NET-3)"),
          block("224.0.0.0/4", "multicast"),
          block("240.0.0.0/4", "reserved"),
          block("::/128", "unspecified"),
          block("::1/128", "loopback"),
          block("64:ff9b:1::/48", "local-use IPv4/IPv6 translation"),
          block("100::/64", "discard-only"),
          block("2001::/23", "IETF protocol assignments (Teredo included)"),
          block("2001:db8::/32", "documentation"),
          block("3fff::/20", "documentation"),
          block("5f00::/16", "segment routing (SRv6) SIDs"),
          block("fc00::/7", "unique-local"),
          block("fe80::/10", "link-local"),
          block("fec0::/10", "site-local (deprecated)"),
          block("ff00::/8", "multicast"));

  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
  private static final Cidr COMPATIBLE = Cidr.parse("::/96");

  private SpecialAddresses() {}

  private static Block block(String cidr, String name) {
    return new Block(Cidr.parse(cidr), name);
  }

  /** Null when {@code address} is globally reachable, else which special range holds it. */
  public static String range(InetAddress address) {
    for (Block b : BLOCKS) {
      if (b.cidr().contains(address)) return b.name() + ", " + b.cidr();
    }
    InetAddress embedded = embeddedIpv4(address);
    if (embedded != null) {
      String inner = range(embedded);
      return inner == null ? null : "carries " + embedded.getHostAddress() + ": " + inner;
    }
    return null;
  }

  /**
   * The IPv4 address inside an IPv6 one that carries it (::a.b.c.d, 64:ff9b::a.b.c.d,
   * 2002:aabb:ccdd::), else null.
   */
  static InetAddress embeddedIpv4(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length != 16) return null;
    // IPv4-mapped addresses (::ffff:a.b.c.d) need no case here: Java always gives them as the
    // IPv4 address they map.
    if (COMPATIBLE.contains(address) || NAT64.contains(address)) {
      return ipv4(Arrays.copyOfRange(b, 12, 16));
    }
    if (SIX_TO_FOUR.contains(address)) return ipv4(Arrays.copyOfRange(b, 2, 6));
    return null;
  }

  private static InetAddress ipv4(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
