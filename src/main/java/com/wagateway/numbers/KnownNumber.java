package com.wagateway.numbers;

import java.time.OffsetDateTime;

/** What WhatsApp Web last said about a number, and when. */
public record KnownNumber(String phone, boolean onWhatsApp, OffsetDateTime checkedAt) {}
