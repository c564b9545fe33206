package com.wagateway.media;

import java.time.OffsetDateTime;

/** A stored file as its owner sees it through the API. */
public record MediaView(
    long id,
    String kind,
    String content_type,
    String file_name,
    long size,
    String sha256,
    OffsetDateTime created_at) {}
