package com.wagateway.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Files for media tests: each starts with its format's real signature and goes on with seeded
 * random bytes, so a size can be chosen and the content differs per seed. Plus a multipart body
 * builder.
 */
public final class MediaFiles {
  private MediaFiles() {}

  public static byte[] png(int size, long seed) {
    return withHead(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, size, seed);
  }

  public static byte[] jpeg(int size, long seed) {
    return withHead(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, size, seed);
  }

  public static byte[] pdf(int size, long seed) {
    return withHead("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), size, seed);
  }

  /** An MP4 (ISO base media, brand isom). */
  public static byte[] mp4(int size, long seed) {
    return withHead(
        new byte[] {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0}, size, seed);
  }

  /** An Ogg file (as WhatsApp's voice notes are). */
  public static byte[] ogg(int size, long seed) {
    return withHead("OggS".getBytes(StandardCharsets.US_ASCII), size, seed);
  }

  /** Bytes of no recognised format (they start with text). */
  public static byte[] text(int size, long seed) {
    return withHead("name,amount\n".getBytes(StandardCharsets.US_ASCII), size, seed);
  }

  private static byte[] withHead(byte[] head, int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    System.arraycopy(head, 0, bytes, 0, Math.min(head.length, size));
    return bytes;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static final String BOUNDARY = "----wa-test-boundary-7MA4YWxkTrZu0gW";

  /** {@code multipart/form-data; boundary=BOUNDARY} with a form field and one file part. */
  public static byte[] multipart(String fileName, String contentType, byte[] file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, "--" + BOUNDARY + "\r\n");
    write(out, "Content-Disposition: form-data; name=\"note\"\r\n\r\nignored field\r\n");
    write(out, "--" + BOUNDARY + "\r\n");
    write(out, "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n");
    if (contentType != null) write(out, "Content-Type: " + contentType + "\r\n");
    write(out, "\r\n");
    out.writeBytes(file);
    write(out, "\r\n--" + BOUNDARY + "--\r\n");
    return out.toByteArray();
  }

  public static String multipartType() {
    return "multipart/form-data; boundary=" + BOUNDARY;
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
