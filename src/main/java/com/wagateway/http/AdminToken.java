package com.wagateway.http;

import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards the admin routes with {@code Authorization: Bearer $WA_ADMIN_TOKEN}. The token is at least
 * 32 characters (checked at start-up), so the right one passes even while its address is locked out
 * by wrong ones.
 */
public final class AdminToken {
  private final byte[] token;
  private final AuthThrottle throttle;

  /** {@code token} null turns the admin routes off. */
  public AdminToken(String token, AuthThrottle throttle) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.throttle = throttle;
  }

  public void require(HttpServerExchange exchange) {
    if (token == null) {
      throw ApiException.forbidden(
          "The admin API is off: set WA_ADMIN_TOKEN to a secret and send it as"
              + " 'Authorization: Bearer <token>'");
    }
    String given = Credentials.bearer(exchange);
    if (given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
      return;
    }
    String address = throttle.address(exchange);
    throttle.check(address, exchange, null, false);
    throttle.failed(address, exchange, given == null ? "no admin token sent" : "wrong admin token");
    throw ApiException.unauthorized(
        "Missing or wrong admin token; send 'Authorization: Bearer <WA_ADMIN_TOKEN>'");
  }
}
