package com.wagateway.media;

import java.util.Locale;

/** What a file is to WhatsApp: which size limit applies and which attach input sends it. */
public enum MediaKind {
  IMAGE,
  VIDEO,
  AUDIO,
  DOCUMENT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MediaKind fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** The kind a content type is sent as: photos and videos the app previews, audio, else a file. */
  static MediaKind of(String contentType) {
    if (contentType.startsWith("image/")) return IMAGE;
    if (contentType.startsWith("video/")) return VIDEO;
    if (contentType.startsWith("audio/")) return AUDIO;
    return DOCUMENT;
  }
}
