package com.wagateway.domain;

/** One problem with one field of a request. */
public record FieldError(String field, String message) {}
