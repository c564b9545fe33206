package com.wagateway.client;

/**
 * A client as authenticated by a key, with that key's hash, so the transaction that acts on the
 * request can check the key is still the client's and the client still active. {@code keyHash} is
 * null for an operator acting as the client (the console): there is no key to check, only that the
 * client is still active.
 */
public record Caller(Client client, String keyHash) {

  /** An operator acting as {@code client}. */
  public static Caller operatorFor(Client client) {
    return new Caller(client, null);
  }

  public long clientId() {
    return client.id();
  }
}
