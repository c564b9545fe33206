package com.wagateway.media;

import com.wagateway.domain.InvalidInputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jooq.DSLContext;

/**
 * Writes one uploaded file into the open transaction as it arrives: the first bytes decide its type
 * (and so its size limit), every byte goes through SHA-256, and each full chunk is inserted and
 * dropped. At most one chunk of the file is in the heap at any time.
 */
final class UploadWriter {
  static final int CHUNK_BYTES = 512 * 1024;

  private final MediaStore store;
  private final DSLContext tx;
  private final long clientId;
  private final MediaLimits limits;
  private final MessageDigest digest = sha256();
  private final byte[] buffer = new byte[CHUNK_BYTES];
  private int buffered;
  private long size;
  private int seq;
  private String declaredType;
  private String fileName;
  private ContentTypes.Decided decided;
  private long mediaId;
  private boolean started;

  UploadWriter(MediaStore store, DSLContext tx, long clientId, MediaLimits limits) {
    this.store = store;
    this.tx = tx;
    this.clientId = clientId;
    this.limits = limits;
  }

  /** The file's declared type (null: not said) and name; before any byte is written. */
  void start(String declaredType, String fileName) {
    if (started) {
      throw new InvalidInputException("file", "send exactly one file per upload");
    }
    this.started = true;
    this.declaredType = declaredType;
    this.fileName = clean(fileName);
  }

  /**
   * The name without a client's directories ({@code C:\\fakepath\\x.pdf}) or control characters, at
   * most 255 characters: it is shown in the chat and in the download's Content-Disposition.
   */
  static String clean(String fileName) {
    if (fileName == null) return null;
    String name =
        fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
    name = name.replaceAll("\\p{Cntrl}", "").strip();
    if (name.length() > 255) name = name.substring(0, name.offsetByCodePoints(0, 200));
    return name.isEmpty() || name.equals(".") || name.equals("..") ? null : name;
  }

  boolean started() {
    return started;
  }

  void write(byte[] bytes, int offset, int length) {
    while (length > 0) {
      int n = Math.min(length, buffer.length - buffered);
      System.arraycopy(bytes, offset, buffer, buffered, n);
      buffered += n;
      offset += n;
      length -= n;
      size += n;
      if (decided == null && buffered >= ContentTypes.HEAD_BYTES) decide();
      if (decided != null && size > limits.of(decided.kind())) {
        throw limits.exceeded(decided.kind());
      }
      if (buffered == buffer.length) flush();
    }
  }

  /** The stored file once the last byte has been written. */
  Written finish() {
    if (!started) throw new InvalidInputException("file", "is missing: send one file");
    if (size == 0) throw new InvalidInputException("file", "is empty");
    if (decided == null) decide();
    flush();
    String sha = HexFormat.of().formatHex(digest.digest());
    return new Written(mediaId, sha, size);
  }

  record Written(long mediaId, String sha256, long size) {}

  private void decide() {
    decided =
        ContentTypes.decide(declaredType, buffer, Math.min(buffered, ContentTypes.HEAD_BYTES));
    if (size > limits.of(decided.kind())) throw limits.exceeded(decided.kind());
    mediaId =
        store.insert(tx, clientId, decided.kind().wireName(), decided.contentType(), name(decided));
  }

  private String name(ContentTypes.Decided decided) {
    if (fileName != null && !fileName.isBlank()) return fileName;
    String subtype = decided.contentType().substring(decided.contentType().indexOf('/') + 1);
    return "file." + (subtype.equals("octet-stream") ? "bin" : subtype.replaceAll("[^a-z0-9]", ""));
  }

  private void flush() {
    if (buffered == 0) return;
    digest.update(buffer, 0, buffered);
    byte[] chunk = buffered == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, buffered);
    store.chunk(tx, mediaId, seq++, chunk);
    buffered = 0;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
