package com.wagateway.client;

import java.time.OffsetDateTime;

/** A tenant: one integration or customer, holding one API key. */
public record Client(long id, String name, String keyPrefix, boolean active, OffsetDateTime createdAt) {}
