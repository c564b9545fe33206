package com.wagateway.media;

import com.wagateway.domain.UnsupportedTypeException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Decides a file's type from its first bytes (magic numbers), not only from the type the client
 * declared: a file is sent as what it is, and a declared type its bytes contradict is refused. Only
 * the formats WhatsApp previews or plays are recognised; any other bytes are a document of the
 * declared type.
 */
final class ContentTypes {
  /** Enough of the file's start for every signature below. */
  static final int HEAD_BYTES = 64;

  static final String OCTET_STREAM = "application/octet-stream";

  // Types a client may declare for bytes we recognise; each signature accepts its own family
  // (ISO base media files are mp4, m4a, 3gp or mov depending on the brand and on who names them).
  private static final Set<String> ISO_MEDIA =
      Set.of(
          "video/mp4",
          "video/3gpp",
          "video/3gpp2",
          "video/quicktime",
          "audio/mp4",
          "audio/x-m4a",
          "audio/m4a",
          "audio/aac",
          "audio/3gpp");
  private static final Set<String> OGG =
      Set.of("audio/ogg", "audio/opus", "application/ogg", "video/ogg");
  private static final Set<String> MP3 = Set.of("audio/mpeg", "audio/mp3", "audio/mpeg3");

  private ContentTypes() {}

  /** The type of a file and what WhatsApp makes of it. */
  record Decided(String contentType, MediaKind kind) {}

  /**
   * The type to store for a file that starts with {@code head} (its first {@code length} bytes, at
   * most {@link #HEAD_BYTES}) and was declared {@code declared} (null or octet-stream: not said).
   */
  static Decided decide(String declared, byte[] head, int length) {
    String type = normalise(declared);
    String sniffed = sniff(head, length);
    if (sniffed == null) {
      if (type != null && claimsRecognisedFormat(type)) {
        throw new UnsupportedTypeException(
            "The file was declared "
                + type
                + " but its bytes are not a "
                + type
                + " file (its first bytes match no known image, video or audio format)."
                + " Send it with its real Content-Type, or application/octet-stream to send it"
                + " as a document.");
      }
      String stored = type == null ? OCTET_STREAM : type;
      return new Decided(stored, MediaKind.DOCUMENT);
    }
    if (type == null) return new Decided(sniffed, MediaKind.of(sniffed));
    if (!accepts(sniffed, type)) {
      throw new UnsupportedTypeException(
          "The file was declared "
              + type
              + " but its bytes are "
              + sniffed
              + ". Send it with Content-Type "
              + sniffed
              + " (or application/octet-stream to let the gateway decide).");
    }
    // A ZIP declared as an office document keeps its precise type; ISO media keeps the declared
    // brand's name (audio/mp4 rather than video/mp4) so a voice memo is sent as audio.
    String stored =
        sniffed.equals("application/zip") || ISO_MEDIA.contains(sniffed) ? type : sniffed;
    return new Decided(stored, MediaKind.of(stored));
  }

  /** The declared media type without parameters, lower case; null when nothing useful was said. */
  static String normalise(String declared) {
    if (declared == null) return null;
    String type = declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (type.isEmpty() || type.equals(OCTET_STREAM) || !type.contains("/")) return null;
    return switch (type) {
      case "image/jpg", "image/pjpeg" -> "image/jpeg";
      default -> type;
    };
  }

  private static boolean claimsRecognisedFormat(String type) {
    return type.startsWith("image/")
        || type.startsWith("video/")
        || type.startsWith("audio/")
        || type.equals("application/pdf")
        || type.equals("application/zip");
  }

  private static boolean accepts(String sniffed, String declared) {
    if (sniffed.equals(declared)) return true;
    if (ISO_MEDIA.contains(sniffed)) return ISO_MEDIA.contains(declared);
    if (OGG.contains(sniffed)) return OGG.contains(declared);
    if (MP3.contains(sniffed)) return MP3.contains(declared);
    if (sniffed.equals("application/zip")) {
      // Office documents, OpenDocument, EPUB, JAR... are ZIP archives: any non-media type is fine.
      return !claimsRecognisedFormat(declared) || declared.equals("application/zip");
    }
    return false;
  }

  /** The format the bytes start with, or null when none of ours. */
  static String sniff(byte[] b, int n) {
    if (starts(b, n, 0, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
    if (starts(b, n, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "image/png";
    if (ascii(b, n, 0, "GIF87a") || ascii(b, n, 0, "GIF89a")) return "image/gif";
    if (ascii(b, n, 0, "RIFF") && ascii(b, n, 8, "WEBP")) return "image/webp";
    if (ascii(b, n, 0, "RIFF") && ascii(b, n, 8, "WAVE")) return "audio/wav";
    if (ascii(b, n, 0, "%PDF-")) return "application/pdf";
    if (ascii(b, n, 0, "OggS")) return "audio/ogg";
    if (ascii(b, n, 0, "ID3")) return "audio/mpeg";
    // An MPEG audio frame header without ID3 tag: 11 sync bits, MPEG-1/2 layer III.
    if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE6) == 0xE2) return "audio/mpeg";
    if (ascii(b, n, 4, "ftyp")) return isoMedia(b, n);
    if (starts(b, n, 0, 0x1A, 0x45, 0xDF, 0xA3)) return "video/webm";
    if (starts(b, n, 0, 'P', 'K', 0x03, 0x04)) return "application/zip";
    return null;
  }

  /** An ISO base media file (MP4 family): the major brand says which. */
  private static String isoMedia(byte[] b, int n) {
    if (n < 12) return "video/mp4";
    String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
    if (brand.startsWith("M4A") || brand.startsWith("M4B")) return "audio/mp4";
    if (brand.startsWith("qt")) return "video/quicktime";
    if (brand.startsWith("3g2")) return "video/3gpp2";
    if (brand.startsWith("3g")) return "video/3gpp";
    return "video/mp4";
  }

  private static boolean starts(byte[] b, int n, int at, int... expected) {
    if (n < at + expected.length) return false;
    for (int i = 0; i < expected.length; i++) {
      if ((b[at + i] & 0xFF) != expected[i]) return false;
    }
    return true;
  }

  private static boolean ascii(byte[] b, int n, int at, String expected) {
    if (n < at + expected.length()) return false;
    for (int i = 0; i < expected.length(); i++) {
      if (b[at + i] != expected.charAt(i)) return false;
    }
    return true;
  }
}
