package com.wagateway.net;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Host names that are IPv4 addresses in another spelling: {@code 0177.0.0.1} (octal), {@code
 * 0x7f.1} (hex, fewer parts), {@code 2130706433} (one number). C resolvers (inet_aton, hence curl
 * and many HTTP clients) read them as addresses, Java reads some as other addresses or as names: a
 * guard and a connection that disagree on the address are no guard, so such hosts are refused.
 */
public final class NumericHosts {
  private static final Pattern PART = Pattern.compile("0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*");
  private static final Pattern CANONICAL =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  private NumericHosts() {}

  /**
   * The dotted-decimal address {@code host} means to inet_aton when it is a numeric spelling other
   * than the plain {@code a.b.c.d}; empty for names and plain addresses.
   */
  public static Optional<String> unusual(String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (CANONICAL.matcher(h).matches() && !h.equals(host)) return Optional.of(h);
    if (CANONICAL.matcher(h).matches()) return Optional.empty();
    String[] parts = h.split("\\.", -1);
    if (parts.length > 4) return Optional.empty();
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (!PART.matcher(parts[i]).matches()) return Optional.empty();
      values[i] = value(parts[i]);
    }
    long address = 0;
    int last = parts.length - 1;
    for (int i = 0; i < last; i++) {
      if (values[i] > 255) return Optional.of("an invalid address");
      address |= values[i] << (8 * (3 - i));
    }
    long lastMax = (1L << (8 * (4 - last))) - 1;
    if (values[last] > lastMax) return Optional.of("an invalid address");
    address |= values[last];
    return Optional.of(
        ((address >> 24) & 255)
            + "."
            + ((address >> 16) & 255)
            + "."
            + ((address >> 8) & 255)
            + "."
            + (address & 255));
  }

  private static long value(String part) {
    // Longer than any 32-bit value in any base: treated as out of range.
    if (part.length() > 12) return Long.MAX_VALUE;
    if (part.startsWith("0x") || part.startsWith("0X")) {
      return part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
    }
    if (part.length() > 1 && part.startsWith("0")) return Long.parseLong(part.substring(1), 8);
    return Long.parseLong(part);
  }
}
