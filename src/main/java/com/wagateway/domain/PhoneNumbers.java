package com.wagateway.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;
import java.util.regex.Pattern;

/** Phone numbers as people write them, to E.164 as WhatsApp needs them. */
public final class PhoneNumbers {
  private static final Pattern WRITTEN_NUMBER =
      Pattern.compile("\\(?\\+?[0-9][0-9 ()./\\-\\u00A0]*");

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final String defaultRegion;

  /**
   * {@code defaultRegion} (e.g. "IL") applies to numbers written without a leading +; may be null.
   */
  public PhoneNumbers(String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  /** The E.164 form, or a reason the number cannot be used. */
  public Result normalise(String input) {
    String trimmed = input.strip();
    if (trimmed.length() > 32) return Result.invalid("is too long to be a phone number");
    // libphonenumber would read letters as a keypad (1-800-FLOWERS) and keep "ext. 12" aside;
    // either way the number sent would not be the one written, so both are refused.
    if (!WRITTEN_NUMBER.matcher(trimmed).matches()) {
      return Result.invalid(
          "'"
              + trimmed
              + "' is not a phone number: use digits, with spaces, dashes, dots, slashes or"
              + " brackets if you like, and a leading + or 00 (no letters, no extension)");
    }
    // 00 is the international prefix in most of the world; read it as + whatever the region.
    if (trimmed.startsWith("00")) trimmed = "+" + trimmed.substring(2);
    if (!trimmed.startsWith("+") && defaultRegion == null) {
      return Result.invalid(
          "must be in international form starting with + and the country code"
              + " (e.g. +972501234567), or set WA_DEFAULT_REGION for local numbers");
    }
    try {
      PhoneNumber number = util.parse(trimmed, defaultRegion == null ? "ZZ" : defaultRegion);
      if (number.hasExtension()) {
        return Result.invalid("'" + trimmed + "' has an extension; WhatsApp numbers have none");
      }
      // Possible, not valid: the metadata lags behind newly allocated ranges (it calls the
      // seed's +972501234567 invalid), and WhatsApp itself says which numbers exist.
      PhoneNumberUtil.ValidationResult possible = util.isPossibleNumberWithReason(number);
      if (possible != PhoneNumberUtil.ValidationResult.IS_POSSIBLE) {
        return Result.invalid(
            "'" + trimmed + "' is not a phone number (" + describe(possible) + ")");
      }
      return new Result(
          Optional.of(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)), null);
    } catch (NumberParseException e) {
      return Result.invalid("'" + trimmed + "' is not a phone number: " + e.getMessage());
    }
  }

  private static String describe(PhoneNumberUtil.ValidationResult reason) {
    return switch (reason) {
      case INVALID_COUNTRY_CODE -> "unknown country code";
      case TOO_SHORT, INVALID_LENGTH -> "too short for its country";
      case TOO_LONG -> "too long for its country";
      default -> "not a possible number";
    };
  }

  public record Result(Optional<String> e164, String problem) {
    static Result invalid(String problem) {
      return new Result(Optional.empty(), problem);
    }
  }
}
