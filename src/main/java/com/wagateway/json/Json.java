package com.wagateway.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
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
          // Written straight to the stream: a serializer builds a tree element per timestamp, and
          // every answer carries several.
          .registerTypeAdapter(OffsetDateTime.class, new TimestampAdapter().nullSafe())
          .create();

  private Json() {}

  public static String timestamp(OffsetDateTime value) {
    return value
        .withOffsetSameInstant(ZoneOffset.UTC)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static final class TimestampAdapter extends TypeAdapter<OffsetDateTime> {
    @Override
    public void write(JsonWriter out, OffsetDateTime value) throws IOException {
      out.value(timestamp(value));
    }

    @Override
    public OffsetDateTime read(JsonReader in) throws IOException {
      return OffsetDateTime.parse(in.nextString());
    }
  }
}
