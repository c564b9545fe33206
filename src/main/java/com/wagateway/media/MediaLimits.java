package com.wagateway.media;

import com.wagateway.config.Config;
import com.wagateway.domain.TooLargeException;

/** The largest file of each kind (WA_MEDIA_MAX_*_BYTES). */
public record MediaLimits(long image, long video, long audio, long document) {

  public static MediaLimits from(Config.Media config) {
    return new MediaLimits(
        config.maxImageBytes(),
        config.maxVideoBytes(),
        config.maxAudioBytes(),
        config.maxDocumentBytes());
  }

  public long of(MediaKind kind) {
    return switch (kind) {
      case IMAGE -> image;
      case VIDEO -> video;
      case AUDIO -> audio;
      case DOCUMENT -> document;
    };
  }

  /** The largest file of any kind: a body announced larger is refused before it is read. */
  public long largest() {
    return Math.max(Math.max(image, video), Math.max(audio, document));
  }

  /**
   * The largest form body that can carry a file: the largest file and room for a multipart body's
   * boundaries and part headers around it.
   */
  public long largestFormBody() {
    return largest() + 64 * 1024;
  }

  static String setting(MediaKind kind) {
    return "WA_MEDIA_MAX_" + kind.name() + "_BYTES";
  }

  /** The refusal of a {@code kind} file over its limit. */
  TooLargeException exceeded(MediaKind kind) {
    return new TooLargeException(
        "A "
            + kind.wireName()
            + " file may be at most "
            + of(kind)
            + " bytes ("
            + describe(of(kind))
            + ", "
            + setting(kind)
            + ")");
  }

  /** The refusal of a body announced larger than any file may be. */
  TooLargeException announcedTooLarge(long length) {
    return new TooLargeException(
        "The upload announces "
            + length
            + " bytes; no file may be larger than "
            + largest()
            + " bytes ("
            + describe(largest())
            + ", the largest of the WA_MEDIA_MAX_*_BYTES limits)");
  }

  private static String describe(long bytes) {
    if (bytes % Config.Media.MIB == 0) return bytes / Config.Media.MIB + " MiB";
    return bytes + " bytes";
  }
}
