package com.wagateway.domain;

import java.util.List;
import java.util.Map;

/** The thing asked for does not exist, or belongs to someone else (which must look the same). */
public final class NotFoundException extends DomainException {
  public NotFoundException(String message) {
    super(message, List.of(), Map.of());
  }
}
