package com.wagateway.operator;

import java.time.OffsetDateTime;

/** A person who may sign in to the console. */
public record Operator(
    long id, String name, boolean active, OffsetDateTime createdAt, OffsetDateTime lastSignInAt) {}
