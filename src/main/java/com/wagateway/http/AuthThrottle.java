package com.wagateway.http;

import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down key guessing: once an address has failed authentication {@code maxFailures} times
 * within a minute, its requests are answered 429 with {@code Retry-After} until that minute is
 * over, before any key is looked at. Kept in memory: it is a brake, not an audit log.
 */
public final class AuthThrottle {
  private static final long WINDOW_MILLIS = 60_000;
  // Bounds the memory an attacker rotating addresses can make us hold.
  private static final int MAX_TRACKED = 100_000;

  private final int maxFailures;
  private final Clock clock;
  private final Map<String, Window> failures = new ConcurrentHashMap<>();

  public AuthThrottle(int maxFailures) {
    this(maxFailures, Clock.systemUTC());
  }

  AuthThrottle(int maxFailures, Clock clock) {
    this.maxFailures = maxFailures;
    this.clock = clock;
  }

  /** Throws 429 while the caller's address is over its failures. */
  public void check(HttpServerExchange exchange) {
    Window w = failures.get(address(exchange));
    long now = clock.millis();
    if (w != null && w.count >= maxFailures && now < w.start + WINDOW_MILLIS) {
      long retryAfter = Math.max(1, (w.start + WINDOW_MILLIS - now + 999) / 1000);
      throw ApiException.tooManyRequests(
          "Too many failed authentications from this address; retry after " + retryAfter + " s",
          retryAfter);
    }
  }

  public void recordFailure(HttpServerExchange exchange) {
    long now = clock.millis();
    if (failures.size() >= MAX_TRACKED) evictExpired(now);
    failures.compute(
        address(exchange),
        (key, w) -> {
          if (w == null || now >= w.start + WINDOW_MILLIS) return new Window(now, 1);
          return new Window(w.start, w.count + 1);
        });
  }

  private void evictExpired(long now) {
    for (Iterator<Window> it = failures.values().iterator(); it.hasNext(); ) {
      if (now >= it.next().start + WINDOW_MILLIS) it.remove();
    }
    if (failures.size() >= MAX_TRACKED) failures.clear();
  }

  private static String address(HttpServerExchange exchange) {
    InetSocketAddress source = exchange.getSourceAddress();
    return source == null || source.getAddress() == null
        ? "unknown"
        : source.getAddress().getHostAddress();
  }

  private record Window(long start, int count) {}
}
