package com.wagateway.http;

import com.wagateway.client.Caller;
import com.wagateway.client.Client;
import com.wagateway.client.ClientService;
import com.wagateway.client.KnownKeys;
import io.undertow.server.HttpServerExchange;

/** Turns the credentials of a request into the calling client, or a 401 that reveals nothing. */
public final class RequestAuthenticator {
  private static final String REFUSED =
      "Missing, wrong or disabled API key; send it as 'Authorization: Bearer <key>' or 'X-API-Key'";

  private final ClientService clients;
  private final AuthThrottle throttle;
  private final KnownKeys knownKeys;

  public RequestAuthenticator(ClientService clients) {
    this(clients, new AuthThrottle(Integer.MAX_VALUE));
  }

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
    throttle.check(exchange);
    String key = Credentials.apiKey(exchange);
    if (key == null) key = bodyKey;
    if (key == null) throw refused(exchange);
    return clients.authenticate(key, claimedName).orElseThrow(() -> refused(exchange));
  }

  /**
   * Like {@link #authenticate(HttpServerExchange, String, String)}, for the routes whose
   * transaction checks the key again (message intake): a key seen recently costs no database round
   * trip.
   */
  public Caller caller(HttpServerExchange exchange, String bodyKey, String claimedName) {
    throttle.check(exchange);
    String key = Credentials.apiKey(exchange);
    if (key == null) key = bodyKey;
    if (key == null) throw refused(exchange);
    return knownKeys.authenticate(key, claimedName).orElseThrow(() -> refused(exchange));
  }

  /** The 401 for a caller whose key stopped working between {@link #caller} and its transaction. */
  public ApiException refusedLater(HttpServerExchange exchange, Caller caller) {
    knownKeys.forget(caller);
    return refused(exchange);
  }

  private ApiException refused(HttpServerExchange exchange) {
    throttle.recordFailure(exchange);
    return ApiException.unauthorized(REFUSED);
  }
}
