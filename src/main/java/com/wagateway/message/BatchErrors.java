package com.wagateway.message;

import com.wagateway.domain.FieldError;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.UnprocessableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Problems with items of a batch, answered so an integrator can fix each one: {@code errors} names
 * fields as {@code messages[3].phone}, and {@code items} groups them by index.
 */
final class BatchErrors {

  record ItemError(int index, FieldError error) {}

  record Item(int index, List<FieldError> errors) {}

  private BatchErrors() {}

  static InvalidInputException invalid(List<ItemError> problems) {
    return new InvalidInputException(flat(problems)).with("items", grouped(problems));
  }

  static UnprocessableException unprocessable(List<ItemError> problems) {
    return new UnprocessableException(
            problems.size() + " of the messages cannot be sent; nothing was stored", flat(problems))
        .with("items", grouped(problems));
  }

  private static List<FieldError> flat(List<ItemError> problems) {
    return problems.stream()
        .map(
            p ->
                new FieldError(
                    "messages[" + p.index() + "]." + p.error().field(), p.error().message()))
        .toList();
  }

  private static List<Item> grouped(List<ItemError> problems) {
    Map<Integer, List<FieldError>> byIndex = new LinkedHashMap<>();
    for (ItemError p : problems)
      byIndex.computeIfAbsent(p.index(), i -> new ArrayList<>()).add(p.error());
    return byIndex.entrySet().stream()
        .map(e -> new Item(e.getKey(), List.copyOf(e.getValue())))
        .toList();
  }
}
