package com.wagateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of environment-style settings. Every parse error names the variable and what it
 * accepts, so a typo stops start-up with one line an operator can act on.
 */
public final class Settings {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(us|ms|s|m|h|d)");

  private final Map<String, String> values;

  public Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public String string(String name, String fallback) {
    String value = raw(name);
    return value == null ? fallback : value;
  }

  /** Null when unset or blank. */
  public String optional(String name) {
    return raw(name);
  }

  public int integer(String name, int fallback, int min, int max) {
    return parse(
        name,
        fallback,
        text -> {
          int value = Integer.parseInt(text);
          if (value < min || value > max) throw new IllegalArgumentException();
          return value;
        },
        "an integer from " + min + " to " + max);
  }

  public boolean bool(String name, boolean fallback) {
    return parse(
        name,
        fallback,
        text ->
            switch (text.toLowerCase(Locale.ROOT)) {
              case "true", "yes", "1", "on" -> true;
              case "false", "no", "0", "off" -> false;
              default -> throw new IllegalArgumentException();
            },
        "true or false");
  }

  public Duration duration(String name, Duration fallback, Duration min) {
    return parse(
        name,
        fallback,
        text -> {
          Duration value = parseDuration(text);
          if (value.compareTo(min) < 0) throw new IllegalArgumentException();
          return value;
        },
        "a duration of at least " + format(min) + " written like 200us, 250ms, 2s, 5m, 1h or 1d");
  }

  public Path path(String name, Path fallback) {
    return parse(name, fallback, Path::of, "a file system path");
  }

  public <T> T choice(String name, T fallback, Map<String, T> accepted) {
    return parse(
        name,
        fallback,
        text -> {
          T value = accepted.get(text.toLowerCase(Locale.ROOT));
          if (value == null) throw new IllegalArgumentException();
          return value;
        },
        "one of " + String.join(", ", accepted.keySet()));
  }

  public <T> T parse(String name, T fallback, Function<String, T> parser, String accepts) {
    String text = raw(name);
    if (text == null) return fallback;
    try {
      return parser.apply(text);
    } catch (RuntimeException e) {
      throw new ConfigException(name + "='" + text + "' is not valid: expected " + accepts);
    }
  }

  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) throw new IllegalArgumentException("not a duration: " + text);
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "us" -> Duration.ofNanos(amount * 1_000);
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  public static String format(Duration d) {
    if (d.toNanos() % 1_000_000 != 0) return d.toNanos() / 1_000 + "us";
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
    if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
    if (ms % 1000 == 0) return ms / 1000 + "s";
    return ms + "ms";
  }

  private String raw(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
