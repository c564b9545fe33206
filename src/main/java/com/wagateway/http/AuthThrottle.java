package com.wagateway.http;

import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down key guessing without locking out the callers who hold a key. Once an address has
 * failed authentication {@code maxFailures} times within a minute it is locked out until that
 * minute is over: its requests are answered 429 without a key being looked up, except those with a
 * credential that cannot be guessed (the admin token, a key of at least {@link #UNGUESSABLE_LENGTH}
 * characters) or one that authenticated from that address before. Behind a reverse proxy that is
 * not in WA_TRUSTED_PROXIES every caller shares one address; its integrations keep working while
 * someone guesses.
 *
 * <p>Every failure and every lockout is logged with the address and the route, never the key. Kept
 * in memory: it is a brake, not an audit log.
 */
public final class AuthThrottle {
  private static final Logger log = LoggerFactory.getLogger(AuthThrottle.class);
  private static final long WINDOW_MILLIS = 60_000;

  /** Keys at least this long pass a lockout: 32 characters are beyond guessing at any rate. */
  public static final int UNGUESSABLE_LENGTH = 32;

  // How long a key that worked from an address keeps passing its lockouts.
  private static final long REMEMBER_MILLIS = 24 * 3600_000L;
  // Bound the memory an attacker rotating addresses (or keys) can make us hold.
  private static final int MAX_TRACKED = 100_000;

  private final int maxFailures;
  private final Clock clock;
  private final ClientAddress addresses;
  private final Map<String, Window> failures = new ConcurrentHashMap<>();
  private final Map<String, Long> goodCredentials = new LinkedHashMap<>(16, 0.75f, true);

  public AuthThrottle(int maxFailures) {
    this(maxFailures, new ClientAddress(List.of()));
  }

  public AuthThrottle(int maxFailures, ClientAddress addresses) {
    this(maxFailures, addresses, Clock.systemUTC());
  }

  AuthThrottle(int maxFailures, ClientAddress addresses, Clock clock) {
    this.maxFailures = maxFailures;
    this.addresses = addresses;
    this.clock = clock;
  }

  /** The caller's address, as throttling and the logs know it. */
  public String address(HttpServerExchange exchange) {
    return addresses.of(exchange);
  }

  /**
   * Throws 429 while {@code address} is locked out, unless {@code credentialHash} (a hash of the
   * credential, never the credential) worked from there before or {@code unguessable} says it
   * cannot be guessed.
   */
  public void check(
      String address, HttpServerExchange exchange, String credentialHash, boolean unguessable) {
    Window w = failures.get(address);
    long now = clock.millis();
    if (w == null || w.count < maxFailures || now >= w.start + WINDOW_MILLIS) return;
    if (unguessable || (credentialHash != null && usedBefore(address, credentialHash, now))) return;
    long retryAfter = Math.max(1, (w.start + WINDOW_MILLIS - now + 999) / 1000);
    log.warn(
        "Refused a request from {} on {} unchecked: the address is locked out for {} s more",
        address,
        route(exchange),
        retryAfter);
    throw ApiException.tooManyRequests(
        "Too many failed authentications from this address; retry after " + retryAfter + " s",
        retryAfter);
  }

  /** Counts a failed authentication and logs it (and the lockout it may start). */
  public void failed(String address, HttpServerExchange exchange, String why) {
    long now = clock.millis();
    if (failures.size() >= MAX_TRACKED) evictExpired(now);
    Window w =
        failures.compute(
            address,
            (key, old) ->
                old == null || now >= old.start + WINDOW_MILLIS
                    ? new Window(now, 1)
                    : new Window(old.start, old.count + 1));
    String route = route(exchange);
    log.warn("Authentication failed from {} on {}: {}", address, route, why);
    if (w.count == maxFailures) {
      log.warn(
          "Locked out {} for {} s after {} failed authentications within a minute (the last on"
              + " {}): its requests get 429 unless their key worked from there before",
          address,
          Math.max(1, (w.start + WINDOW_MILLIS - now + 999) / 1000),
          maxFailures,
          route);
    }
  }

  /** Remembers that this credential worked from this address. */
  public void succeeded(String address, String credentialHash) {
    synchronized (goodCredentials) {
      goodCredentials.put(address + " " + credentialHash, clock.millis());
      if (goodCredentials.size() > MAX_TRACKED) {
        Iterator<String> eldest = goodCredentials.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
    }
  }

  private boolean usedBefore(String address, String credentialHash, long now) {
    synchronized (goodCredentials) {
      Long at = goodCredentials.get(address + " " + credentialHash);
      return at != null && now - at < REMEMBER_MILLIS;
    }
  }

  private void evictExpired(long now) {
    for (Iterator<Window> it = failures.values().iterator(); it.hasNext(); ) {
      if (now >= it.next().start + WINDOW_MILLIS) it.remove();
    }
    if (failures.size() >= MAX_TRACKED) failures.clear();
  }

  private static String route(HttpServerExchange exchange) {
    String template = exchange.getAttachment(Router.ROUTE);
    return exchange.getRequestMethod() + " " + (template != null ? template : "(no route)");
  }

  private record Window(long start, int count) {}
}
