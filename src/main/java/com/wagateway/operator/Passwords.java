package com.wagateway.operator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Operator passwords hashed with Argon2id, stored as PHC strings ({@code
 * $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) so each hash carries the parameters it was made with.
 */
public final class Passwords {
  // OWASP's recommended minimum for Argon2id: 19 MiB of memory, 2 passes, 1 lane (about 60 ms
  // here), enough to make each guess against a stolen hash cost memory as well as time.
  static final int MEMORY_KIB = 19 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private Passwords() {}

  public static String hash(String password) {
    return hash(password, MEMORY_KIB, ITERATIONS, PARALLELISM);
  }

  static String hash(String password, int memoryKib, int iterations, int parallelism) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = argon2(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
    return "$argon2id$v=19$m="
        + memoryKib
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  /**
   * Whether the password matches the stored hash; false for anything that is not an Argon2id PHC
   * string. The comparison takes the same time wherever the hashes differ.
   */
  public static boolean matches(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    try {
      int memory = 0;
      int iterations = 0;
      int parallelism = 0;
      for (String param : parts[3].split(",")) {
        int value = Integer.parseInt(param.substring(2));
        switch (param.substring(0, 2)) {
          case "m=" -> memory = value;
          case "t=" -> iterations = value;
          case "p=" -> parallelism = value;
          default -> {
            return false;
          }
        }
      }
      byte[] salt = B64_DECODER.decode(parts[4]);
      byte[] expected = B64_DECODER.decode(parts[5]);
      byte[] actual = argon2(password, salt, memory, iterations, parallelism, expected.length);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] argon2(
      String password, byte[] salt, int memory, int iterations, int parallelism, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memory)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build());
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
