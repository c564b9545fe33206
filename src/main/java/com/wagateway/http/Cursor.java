package com.wagateway.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page cursors. A cursor is the id of the last row of a page: pages are keyset ranges on the
 * id, so rows that arrive meanwhile neither shift a later page nor appear twice.
 */
public final class Cursor {
  private static final String PREFIX = "id:";

  private Cursor() {}

  public static String encode(long lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + lastId).getBytes(StandardCharsets.US_ASCII));
  }

  /** The id in the cursor, or null when it is not one of ours. */
  public static Long decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      if (!text.startsWith(PREFIX)) return null;
      long id = Long.parseLong(text.substring(PREFIX.length()));
      return id > 0 ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
