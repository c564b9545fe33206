package com.wagateway.http;

import com.wagateway.client.Client;
import com.wagateway.client.ClientService;
import io.undertow.server.HttpServerExchange;

/** Turns the credentials of a request into the calling client, or a 401 that reveals nothing. */
public final class RequestAuthenticator {
  private static final String REFUSED =
      "Missing, wrong or disabled API key; send it as 'Authorization: Bearer <key>' or 'X-API-Key'";

  private final ClientService clients;
  private final AuthThrottle throttle;

  public RequestAuthenticator(ClientService clients, AuthThrottle throttle) {
    this.clients = clients;
    this.throttle = throttle;
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

  private ApiException refused(HttpServerExchange exchange) {
    throttle.recordFailure(exchange);
    return ApiException.unauthorized(REFUSED);
  }
}
