package com.wagateway.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** API keys: random, URL-safe, stored only as SHA-256 and compared in constant time. */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "wa_";
  private static final int PREFIX_SHOWN = 8;
  // A prefix is kept only of keys at least three times its length: of a short custom key
  // (--api-key 123456) it would be most of the key, or all of it.
  private static final int SHOWN_FROM_LENGTH = 24;

  /** Keys shorter than this can be guessed by anyone who reaches the port (as admin tokens). */
  public static final int SHORT_BELOW = 32;

  private ApiKeys() {}

  public static boolean isShort(String key) {
    return key.length() < SHORT_BELOW;
  }

  /** 192 random bits, base64url: "wa_" + 32 characters. */
  public static String generate() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Constant time in the length of the hashes, whatever the input. */
  public static boolean matches(String key, String storedHash) {
    return MessageDigest.isEqual(
        hash(key).getBytes(StandardCharsets.US_ASCII),
        storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  /** Two stored hashes compared in constant time. */
  public static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * A few leading characters, enough for an operator to tell keys apart; null for a key too short
   * to show any part of.
   */
  public static String prefix(String key) {
    return key.length() < SHOWN_FROM_LENGTH ? null : key.substring(0, PREFIX_SHOWN);
  }
}
