package com.wagateway.client;

/**
 * A client as authenticated by a key, with that key's hash, so the transaction that acts on the
 * request can check the key is still the client's and the client still active.
 */
public record Caller(Client client, String keyHash) {
  public long clientId() {
    return client.id();
  }
}
