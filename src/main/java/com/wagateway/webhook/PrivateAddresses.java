package com.wagateway.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Keeps a client's callback_url off the gateway's own network: a client could otherwise make the
 * gateway post to loopback, private or link-local addresses (the database, a cloud's metadata
 * service) and read the outcome in its message's delivery state. Checked by name resolution just
 * before each attempt; a name that resolves differently a moment later (DNS rebinding) is not
 * caught, which is why operators who need private receivers use endpoints instead.
 */
public final class PrivateAddresses {
  private PrivateAddresses() {}

  /** Null when {@code host} resolves only to public addresses, else why it is refused. */
  public static String refusal(String host) {
    if (host == null) return "the URL names no host";
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (a.isLoopbackAddress()
            || a.isAnyLocalAddress()
            || a.isLinkLocalAddress()
            || a.isSiteLocalAddress()
            || a.isMulticastAddress()
            || uniqueLocal(a)) {
          return "refused: "
              + host
              + " resolves to "
              + a.getHostAddress()
              + ", a loopback or private address; a client's callback_url must reach a public"
              + " address (WA_WEBHOOK_CALLBACK_PRIVATE=true allows private ones)";
        }
      }
      return null;
    } catch (UnknownHostException e) {
      return "could not resolve " + host;
    }
  }

  /** IPv6 unique local addresses, fc00::/7: the IPv6 private range. */
  private static boolean uniqueLocal(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == 16 && (b[0] & 0xfe) == 0xfc;
  }
}
