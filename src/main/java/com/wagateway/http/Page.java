package com.wagateway.http;

import java.util.List;
import java.util.function.ToLongFunction;

/** One page of a list: the rows, and the cursor of the next page (null on the last page). */
public record Page<T>(List<T> data, String next_cursor) {

  /**
   * Builds a page from up to {@code limit + 1} rows read in page order: the extra row only tells
   * that there is a next page.
   */
  public static <T> Page<T> of(List<T> rows, int limit, ToLongFunction<T> id) {
    if (rows.size() <= limit) return new Page<>(List.copyOf(rows), null);
    List<T> page = List.copyOf(rows.subList(0, limit));
    return new Page<>(page, Cursor.encode(id.applyAsLong(page.get(limit - 1))));
  }
}
