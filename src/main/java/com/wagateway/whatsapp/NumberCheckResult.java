package com.wagateway.whatsapp;

/**
 * Whether a number is on WhatsApp, as the page answered: {@code onWhatsApp} true or false, or null
 * when it could not tell ({@code detail} says why).
 */
public record NumberCheckResult(Boolean onWhatsApp, String detail) {

  public static NumberCheckResult unknown(String why) {
    return new NumberCheckResult(null, why);
  }

  public boolean known() {
    return onWhatsApp != null;
  }
}
