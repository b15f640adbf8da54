package dev.memorygraph.sqlite.store;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result row: column labels and plain values ({@code null}, {@link String}, {@link Long} or
 * other {@link Number}, {@code byte[]}). Typed getters convert numbers as SQLite's dynamic typing
 * may hand back an integer or a real for the same column.
 */
public final class Row {
  private final List<String> columns;
  private final Object[] values;

  /**
   * Creates a row.
   *
   * @param columns the column labels, shared by every row of a result
   * @param values the values, one per column
   */
  public Row(List<String> columns, Object[] values) {
    if (columns.size() != values.length) {
      throw new IllegalArgumentException("expected " + columns.size() + " values, got " + values.length);
    }
    this.columns = columns;
    this.values = values;
  }

  /** The number of columns. */
  public int size() {
    return values.length;
  }

  /** The column labels. */
  public List<String> columns() {
    return columns;
  }

  /** The raw value at a 0-based index. */
  public Object get(int i) {
    return values[i];
  }

  /** The raw value of a column, by label. */
  public Object get(String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + columns);
    }
    return values[i];
  }

  /** Whether the value at an index is SQL NULL. */
  public boolean isNull(int i) {
    return values[i] == null;
  }

  /** The value as text, or null. */
  public String getString(int i) {
    Object v = values[i];
    return v == null ? null : v.toString();
  }

  /** The value as a long (0 when null). */
  public long getLong(int i) {
    Object v = values[i];
    if (v == null) {
      return 0L;
    }
    if (v instanceof Number) {
      return ((Number) v).longValue();
    }
    return Long.parseLong(v.toString());
  }

  /** The value as a Long, or null. */
  public Long getLongOrNull(int i) {
    return values[i] == null ? null : getLong(i);
  }

  /** The value as a double (0 when null). */
  public double getDouble(int i) {
    Object v = values[i];
    if (v == null) {
      return 0d;
    }
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    return Double.parseDouble(v.toString());
  }

  /** The value as a Double, or null. */
  public Double getDoubleOrNull(int i) {
    return values[i] == null ? null : getDouble(i);
  }

  /** The row as an ordered map of label to value. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(columns.get(i), values[i]);
    }
    return m;
  }

  @Override
  public String toString() {
    return "Row" + columns + "=" + Arrays.toString(values);
  }
}
