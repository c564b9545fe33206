package com.wagateway.console;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes times and durations: UTC, to the second, the same on every page. */
public final class Formats {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

  private Formats() {}

  public static String time(OffsetDateTime t) {
    return t == null ? "" : TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
  }

  public static String time(Instant t) {
    return t == null ? "" : TIME.format(t.atOffset(ZoneOffset.UTC));
  }

  /** The tooltip of a message's ticks: which receipt was seen, and when. */
  public static String receipt(String status, OffsetDateTime deliveredAt, OffsetDateTime readAt) {
    return switch (status) {
      case "sent" -> "Sent: no receipt from the phone yet";
      case "delivered" -> "Delivered " + time(deliveredAt);
      case "read" -> "Read " + time(readAt);
      default -> "";
    };
  }

  /** For {@code <time datetime>}: ISO-8601 in UTC. */
  public static String iso(OffsetDateTime t) {
    return t == null ? "" : t.withOffsetSameInstant(ZoneOffset.UTC).toString();
  }

  public static String hour(OffsetDateTime t) {
    return HOUR.format(t.withOffsetSameInstant(ZoneOffset.UTC));
  }

  /** "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
  /** A size for people: "512 B", "3.4 MiB". */
  public static String bytes(long bytes) {
    if (bytes < 1024) return bytes + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  public static String duration(long seconds) {
    if (seconds < 60) return seconds + " s";
    if (seconds < 3600) return seconds / 60 + " min";
    if (seconds < 86_400) {
      long minutes = seconds % 3600 / 60;
      return seconds / 3600 + " h" + (minutes == 0 ? "" : " " + minutes + " min");
    }
    long hours = seconds % 86_400 / 3600;
    return seconds / 86_400 + " d" + (hours == 0 ? "" : " " + hours + " h");
  }

  public static String ago(Instant t) {
    if (t == null) return "";
    return duration(Math.max(0, Duration.between(t, Instant.now()).toSeconds())) + " ago";
  }

  /** A value for a link's query string. */
  public static String url(String value) {
    return value == null
        ? ""
        : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A quota as an operator reads it: its number, "no limit" (0) or "default" (null). */
  public static String quota(Integer quota) {
    return quota == null ? "default" : quota == 0 ? "no limit" : String.format("%,d", quota);
  }

  /** The form value of a quota: empty for the default. */
  public static String quotaValue(Integer quota) {
    return quota == null ? "" : quota.toString();
  }
}
