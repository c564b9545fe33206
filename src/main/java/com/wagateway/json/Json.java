package com.wagateway.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one JSON format of the API, of the answers kept for idempotent replays and of webhook bodies:
 * snake_case fields, timestamps in UTC ISO-8601, nulls kept.
 */
public final class Json {
  public static final Gson GSON =
      new GsonBuilder()
          .disableHtmlEscaping()
          .serializeNulls()
          .registerTypeAdapter(
              OffsetDateTime.class,
              (JsonSerializer<OffsetDateTime>)
                  (value, type, ctx) -> new JsonPrimitive(timestamp(value)))
          .create();

  private Json() {}

  public static String timestamp(OffsetDateTime value) {
    return value
        .withOffsetSameInstant(ZoneOffset.UTC)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
