package com.wagateway.client;

import com.wagateway.http.ApiException;
import com.wagateway.http.AuthThrottle;
import com.wagateway.http.Credentials;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Optional;

/** Turns the credentials of a request into the calling client, or a 401 that reveals nothing. */
public final class RequestAuthenticator {
  private static final String REFUSED =
      "Missing, wrong or disabled API key; send it as 'Authorization: Bearer <key>' or 'X-API-Key'";
  // A request authenticated before its body was read (a large body) is not looked up twice.
  private static final AttachmentKey<Client> CLIENT = AttachmentKey.create(Client.class);
  private static final AttachmentKey<Caller> CALLER = AttachmentKey.create(Caller.class);

  private final ClientService clients;
  private final AuthThrottle throttle;
  private final KnownKeys knownKeys;

  public RequestAuthenticator(ClientService clients, AuthThrottle throttle) {
    this.clients = clients;
    this.throttle = throttle;
    this.knownKeys = new KnownKeys(clients);
  }

  /** A key from the headers. */
  public Client authenticate(HttpServerExchange exchange) {
    return authenticate(exchange, null, null);
  }

  /**
   * A key from the headers, or else from the body (the seed's {@code api_key}); when the body names
   * a {@code client_name}, the key must be that client's.
   */
  public Client authenticate(HttpServerExchange exchange, String bodyKey, String claimedName) {
    Client known = exchange.getAttachment(CLIENT);
    if (known != null && claimedName == null) return known;
    Presented key = presented(exchange, bodyKey);
    Client client =
        accepted(exchange, key, claimedName, clients.authenticate(key.key(), claimedName));
    exchange.putAttachment(CLIENT, client);
    return client;
  }

  /**
   * Like {@link #authenticate(HttpServerExchange, String, String)}, for the routes whose
   * transaction checks the key again (message intake): a key seen recently costs no database round
   * trip.
   */
  public Caller caller(HttpServerExchange exchange, String bodyKey, String claimedName) {
    Caller known = exchange.getAttachment(CALLER);
    if (known != null && claimedName == null) return known;
    Presented key = presented(exchange, bodyKey);
    Caller caller =
        accepted(
            exchange, key, claimedName, knownKeys.authenticate(key.key(), key.hash(), claimedName));
    exchange.putAttachment(CALLER, caller);
    return caller;
  }

  /**
   * The key a request presents, from where it came; a missing key or a locked-out address stops
   * here.
   */
  private Presented presented(HttpServerExchange exchange, String bodyKey) {
    String address = throttle.address(exchange);
    String key = Credentials.apiKey(exchange);
    if (key == null) key = bodyKey;
    if (key == null) {
      throttle.check(address, exchange, null, false);
      throttle.failed(address, exchange, "no API key sent");
      throw ApiException.unauthorized(REFUSED);
    }
    String hash = ApiKeys.hash(key);
    throttle.check(address, exchange, hash, key.length() >= AuthThrottle.UNGUESSABLE_LENGTH);
    return new Presented(address, key, hash);
  }

  /** The one the key belongs to, or a 401 counted against the address. */
  private <T> T accepted(
      HttpServerExchange exchange, Presented key, String claimedName, Optional<T> found) {
    if (found.isEmpty()) {
      throttle.failed(
          key.address(),
          exchange,
          claimedName == null
              ? "unknown or disabled API key"
              : "unknown or disabled API key, or not the key of client_name");
      throw ApiException.unauthorized(REFUSED);
    }
    throttle.succeeded(key.address(), key.hash());
    return found.get();
  }

  private record Presented(String address, String key, String hash) {}

  /** The 401 for a caller whose key stopped working between {@link #caller} and its transaction. */
  public ApiException refusedLater(HttpServerExchange exchange, Caller caller) {
    knownKeys.forget(caller);
    throttle.failed(
        throttle.address(exchange),
        exchange,
        "API key disabled or replaced while the request waited");
    return ApiException.unauthorized(REFUSED);
  }
}
