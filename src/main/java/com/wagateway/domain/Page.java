package com.wagateway.domain;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One page of a list: the rows, and the id the next page continues from (null on the last page).
 * Pages are keyset ranges on the id, so rows that arrive meanwhile neither shift a later page nor
 * appear twice.
 */
public record Page<T>(List<T> data, Long next) {

  /**
   * Builds a page from up to {@code limit + 1} rows read in page order: the extra row only tells
   * that there is a next page.
   */
  public static <T> Page<T> of(List<T> rows, int limit, ToLongFunction<T> id) {
    if (rows.size() <= limit) return new Page<>(List.copyOf(rows), null);
    List<T> page = List.copyOf(rows.subList(0, limit));
    return new Page<>(page, id.applyAsLong(page.get(limit - 1)));
  }
}
