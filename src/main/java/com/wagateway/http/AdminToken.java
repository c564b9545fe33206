package com.wagateway.http;

import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Guards the admin routes with {@code Authorization: Bearer $WA_ADMIN_TOKEN}. */
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
    throttle.check(exchange);
    String given = Credentials.bearer(exchange);
    if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
      throttle.recordFailure(exchange);
      throw ApiException.unauthorized(
          "Missing or wrong admin token; send 'Authorization: Bearer <WA_ADMIN_TOKEN>'");
    }
  }
}
