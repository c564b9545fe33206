package com.wagateway.net;

import com.wagateway.domain.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The rules for a URL this service calls (webhook endpoints, callback and media URLs): absolute
 * http(s), with a host, at most 2000 chars.
 */
public final class OutboundUrls {
  public static final int MAX_LENGTH = 2000;

  private OutboundUrls() {}

  /** Null when {@code url} is usable, else what is wrong with it. */
  public static String problem(String url) {
    if (url.length() > MAX_LENGTH) return "must be at most " + MAX_LENGTH + " characters";
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https"))
        return "must be an http:// or https:// URL";
      if (uri.getHost() == null || uri.getHost().isEmpty()) return "must name a host";
      if (uri.getUserInfo() != null) return "must not carry a user name or password";
      return null;
    } catch (URISyntaxException e) {
      return "is not a valid URL (" + e.getReason() + ")";
    }
  }

  public static String require(String field, String url) {
    String problem = problem(url);
    if (problem != null) throw new InvalidInputException(field, problem);
    return url;
  }
}
