package com.wagateway.http;

import com.wagateway.domain.Page;
import java.util.List;

/** A page as the API shows it: the rows, and the next page's opaque cursor (null on the last). */
public record CursorPage<T>(List<T> data, String next_cursor) {

  public static <T> CursorPage<T> of(Page<T> page) {
    return new CursorPage<>(page.data(), page.next() == null ? null : Cursor.encode(page.next()));
  }
}
