package com.wagateway.db;

import java.time.OffsetDateTime;
import java.util.Collection;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Arrays bound as one parameter ({@code = ANY(?)}, {@code unnest(?)}), with their SQL types made
 * once. Given a bare Java array, jOOQ builds a new array type for it on every call, which was an
 * eighth of the intake writer's CPU.
 */
public final class ArrayValues {
  private static final DataType<Long[]> BIGINTS = SQLDataType.BIGINT.getArrayDataType();
  private static final DataType<String[]> STRINGS = SQLDataType.VARCHAR.getArrayDataType();
  private static final DataType<Boolean[]> BOOLEANS = SQLDataType.BOOLEAN.getArrayDataType();
  private static final DataType<OffsetDateTime[]> TIMESTAMPS =
      SQLDataType.TIMESTAMPWITHTIMEZONE.getArrayDataType();

  private ArrayValues() {}

  public static Field<Long[]> longs(Long[] values) {
    return DSL.val(values, BIGINTS);
  }

  public static Field<Long[]> longs(Collection<Long> values) {
    return longs(values.toArray(Long[]::new));
  }

  public static Field<String[]> strings(String[] values) {
    return DSL.val(values, STRINGS);
  }

  public static Field<String[]> strings(Collection<String> values) {
    return strings(values.toArray(String[]::new));
  }

  public static Field<Boolean[]> booleans(Boolean[] values) {
    return DSL.val(values, BOOLEANS);
  }

  public static Field<OffsetDateTime[]> timestamps(OffsetDateTime[] values) {
    return DSL.val(values, TIMESTAMPS);
  }
}
