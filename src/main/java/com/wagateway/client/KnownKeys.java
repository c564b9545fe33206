package com.wagateway.client;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys seen recently, by hash, with their client: spares message intake a database round trip per
 * request. Safe only where the transaction that acts on a request checks the key again (same hash,
 * client still active), as message intake does, so a disabled or rotated key still stops at once;
 * every other route asks {@link ClientService#authenticate} each time.
 */
public final class KnownKeys {
  // Bounds memory against a flood of distinct valid keys; forgetting only costs a lookup.
  private static final int MAX_KEYS = 10_000;

  private final ClientService clients;
  private final Map<String, Client> byHash = new ConcurrentHashMap<>();

  public KnownKeys(ClientService clients) {
    this.clients = clients;
  }

  /**
   * The caller holding this key ({@code hash}: {@link ApiKeys#hash} of it), when the key was an
   * active client's when last looked up and, if the caller names a client ({@code claimedName}),
   * that client's. Empty alike for every mismatch.
   */
  public Optional<Caller> authenticate(String apiKey, String hash, String claimedName) {
    if (apiKey.isEmpty() || apiKey.length() > ClientService.MAX_KEY_LENGTH) return Optional.empty();
    Client client = byHash.get(hash);
    if (client == null) {
      client = clients.authenticate(apiKey, null).orElse(null);
      if (client == null) return Optional.empty();
      if (byHash.size() >= MAX_KEYS) byHash.clear();
      byHash.put(hash, client);
    }
    if (claimedName != null && !client.name().equals(claimedName)) return Optional.empty();
    return Optional.of(new Caller(client, hash));
  }

  /** The key no longer authenticates (disabled, rotated, deleted): ask the database next time. */
  public void forget(Caller caller) {
    byHash.remove(caller.keyHash());
  }
}
