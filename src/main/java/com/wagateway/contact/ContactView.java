package com.wagateway.contact;

import java.time.OffsetDateTime;

/** A contact as its owner sees it through the API. */
public record ContactView(
    long id, String name, String phone, OffsetDateTime created_at, OffsetDateTime updated_at) {}
