package com.wagateway.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The receiver's check, written from the Standard Webhooks specification (standardwebhooks.com,
 * "Verifying webhook authenticity") and not from the service's signer: the signed content is {@code
 * id.timestamp.body}; the key is the base64 after {@code whsec_}; HMAC-SHA256, base64; the header
 * holds space-delimited {@code v1,<signature>} entries, any of which may match; the timestamp must
 * be within five minutes of now.
 */
public final class StandardWebhooks {
  private static final long TOLERANCE_SECONDS = 5 * 60;

  private StandardWebhooks() {}

  /** Whether {@code request} is signed with {@code secret} by those rules. */
  public static boolean verifies(String secret, WebhookReceiver.Request request) {
    String id = request.header("webhook-id");
    String timestamp = request.header("webhook-timestamp");
    String signatures = request.header("webhook-signature");
    if (id == null || timestamp == null || signatures == null) return false;
    long now = System.currentTimeMillis() / 1000;
    if (Math.abs(now - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) return false;
    byte[] expected = hmac(secret, id + "." + timestamp + "." + request.body());
    for (String entry : signatures.split(" ")) {
      String[] parts = entry.split(",", 2);
      if (parts.length != 2 || !parts[0].equals("v1")) continue;
      byte[] given;
      try {
        given = Base64.getDecoder().decode(parts[1]);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) return true;
    }
    return false;
  }

  private static byte[] hmac(String secret, String content) {
    try {
      byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
