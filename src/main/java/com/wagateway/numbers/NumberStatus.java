package com.wagateway.numbers;

import java.time.OffsetDateTime;

/**
 * The answer for one number: {@code on_whatsapp} true, false, or null (unknown: {@code detail} says
 * why, e.g. still being checked); {@code checked_at} when WhatsApp Web answered; {@code source}
 * "cache" or "page" (null when unknown).
 */
public record NumberStatus(
    String phone, Boolean on_whatsapp, OffsetDateTime checked_at, String source, String detail) {

  static NumberStatus cached(KnownNumber known) {
    return new NumberStatus(known.phone(), known.onWhatsApp(), known.checkedAt(), "cache", null);
  }

  static NumberStatus checked(KnownNumber known) {
    return new NumberStatus(known.phone(), known.onWhatsApp(), known.checkedAt(), "page", null);
  }

  static NumberStatus unknown(String phone, String detail) {
    return new NumberStatus(phone, null, null, null, detail);
  }
}
