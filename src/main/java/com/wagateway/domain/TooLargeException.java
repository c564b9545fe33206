package com.wagateway.domain;

import java.util.List;
import java.util.Map;

/** Input over a size limit; the message names the limit and the setting that raises it. */
public final class TooLargeException extends DomainException {
  public TooLargeException(String message) {
    super(message, List.of(), Map.of());
  }
}
