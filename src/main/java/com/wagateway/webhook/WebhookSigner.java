package com.wagateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures by the Standard Webhooks rules (standardwebhooks.com), so receivers can check them
 * with its published libraries: {@code v1,} + base64 of HMAC-SHA256 over {@code id.timestamp.body},
 * keyed with the bytes the secret's base64 (after {@code whsec_}) stands for. Several secrets (the
 * new and the old during a rotation) give several signatures, separated by spaces.
 */
public final class WebhookSigner {
  public static final String PREFIX = "whsec_";
  private static final int SECRET_BYTES = 24;
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSigner() {}

  /** A new secret: {@code whsec_} + base64 of 24 random bytes. */
  public static String newSecret() {
    byte[] key = new byte[SECRET_BYTES];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The {@code webhook-signature} header: one {@code v1,<base64>} per secret. */
  public static String signature(
      List<String> secrets, String id, long timestampSeconds, String body) {
    return secrets.stream()
        .map(secret -> "v1," + sign(secret, id, timestampSeconds, body))
        .collect(Collectors.joining(" "));
  }

  static String sign(String secret, String id, long timestampSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
      byte[] signed =
          mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static byte[] key(String secret) {
    String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    return Base64.getDecoder().decode(encoded);
  }
}
