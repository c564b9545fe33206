package com.wagateway.client;

import java.time.OffsetDateTime;

/**
 * A tenant: one integration or customer, holding one API key. {@code quotaPerMinute} and {@code
 * quotaPerDay} are its own limits as read with it (null: the service default), so a request can
 * tell without another query whether any limit applies. {@code session}: the WhatsApp account its
 * messages leave from unless one names another it is allowed to use.
 */
public record Client(
    long id,
    String name,
    String keyPrefix,
    boolean active,
    OffsetDateTime createdAt,
    Integer quotaPerMinute,
    Integer quotaPerDay,
    String session) {}
