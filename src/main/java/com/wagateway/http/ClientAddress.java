package com.wagateway.http;

import com.wagateway.config.Cidr;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The address a request came from, for throttling and logs. It is the TCP peer, unless the peer is
 * one of {@code WA_TRUSTED_PROXIES}: then it is the nearest address in {@code X-Forwarded-For} that
 * is not a trusted proxy itself (each proxy appends the address it saw, so the entries left of the
 * last trusted one were written by whoever sent the request and prove nothing).
 */
public final class ClientAddress {
  private static final String UNKNOWN = "unknown";

  private final List<Cidr> trustedProxies;

  public ClientAddress(List<Cidr> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  public String of(HttpServerExchange exchange) {
    InetSocketAddress source = exchange.getSourceAddress();
    if (source == null || source.getAddress() == null) return UNKNOWN;
    InetAddress peer = source.getAddress();
    if (!trusted(peer)) return peer.getHostAddress();
    HeaderValues forwarded = exchange.getRequestHeaders().get("X-Forwarded-For");
    if (forwarded == null) return peer.getHostAddress();
    List<String> hops = new ArrayList<>();
    for (String header : forwarded) {
      for (String hop : header.split(",")) hops.add(hop.trim());
    }
    InetAddress nearest = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = Cidr.literal(hops.get(i));
      // A hop that is not an address ("unknown", a name, garbage): the trusted proxy before it is
      // the last one whose word counts.
      if (hop.isEmpty()) break;
      nearest = hop.get();
      if (!trusted(nearest)) break;
    }
    return nearest.getHostAddress();
  }

  /** Whether the request came straight from a proxy in {@code WA_TRUSTED_PROXIES}. */
  public boolean fromTrustedProxy(HttpServerExchange exchange) {
    InetSocketAddress source = exchange.getSourceAddress();
    return source != null && source.getAddress() != null && trusted(source.getAddress());
  }

  private boolean trusted(InetAddress address) {
    for (Cidr cidr : trustedProxies) if (cidr.contains(address)) return true;
    return false;
  }
}
