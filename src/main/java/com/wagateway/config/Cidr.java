package com.wagateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IP addresses written {@code 10.0.0.0/8}, {@code fd00::/8} or one address alone. Only
 * literal addresses are read: nothing here ever asks DNS.
 */
public record Cidr(InetAddress network, int prefixLength) {
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  // Hex digits, colons and an optional dotted IPv4 tail; InetAddress reads such text as a literal.
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /** {@code 192.168.0.0/16}, {@code ::1} ...; throws IllegalArgumentException for anything else. */
  public static Cidr parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length > 2) throw new IllegalArgumentException("not a CIDR block: " + text);
    InetAddress address =
        literal(parts[0]).orElseThrow(() -> new IllegalArgumentException("not an IP: " + text));
    int bits = address.getAddress().length * 8;
    int prefix = bits;
    if (parts.length == 2) {
      if (!parts[1].matches("\\d{1,3}")) throw new IllegalArgumentException("bad prefix: " + text);
      prefix = Integer.parseInt(parts[1]);
      if (prefix > bits) throw new IllegalArgumentException("prefix too long: " + text);
    }
    return new Cidr(address, prefix);
  }

  /** The address written in {@code text} when it is an IPv4 or IPv6 literal; never a DNS lookup. */
  public static Optional<InetAddress> literal(String text) {
    String t = text.trim();
    if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1);
    if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) return Optional.empty();
    try {
      return Optional.of(InetAddress.getByName(t));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) return false;
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) if (a[i] != n[i]) return false;
    int rest = prefixLength % 8;
    if (rest == 0) return true;
    int mask = 0xFF << (8 - rest) & 0xFF;
    return (a[full] & mask) == (n[full] & mask);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
