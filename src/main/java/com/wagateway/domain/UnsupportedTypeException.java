package com.wagateway.domain;

import java.util.List;
import java.util.Map;

/** Content whose type cannot be taken, or whose bytes are not what its declared type says. */
public final class UnsupportedTypeException extends DomainException {
  public UnsupportedTypeException(String message) {
    super(message, List.of(), Map.of());
  }
}
