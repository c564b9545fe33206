package com.wagateway.http;

import com.wagateway.client.ApiKeys;
import com.wagateway.client.Client;
import com.wagateway.client.ClientService;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Optional;

/** Turns the credentials of a request into the calling client, or a 401 that reveals nothing. */
public final class RequestAuthenticator {
  private static final String REFUSED =
      "Missing, wrong or disabled API key; send it as 'Authorization: Bearer <key>' or 'X-API-Key'";
  // A request authenticated before its body was read (a large body) is not looked up twice.
  private static final AttachmentKey<Client> CLIENT = AttachmentKey.create(Client.class);

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
    Client known = exchange.getAttachment(CLIENT);
    if (known != null && claimedName == null) return known;
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
    Optional<Client> client = clients.authenticate(key, claimedName);
    if (client.isEmpty()) {
      throttle.failed(
          address,
          exchange,
          claimedName == null
              ? "unknown or disabled API key"
              : "unknown or disabled API key, or not the key of client_name");
      throw ApiException.unauthorized(REFUSED);
    }
    throttle.succeeded(address, hash);
    exchange.putAttachment(CLIENT, client.get());
    return client.get();
  }
}
