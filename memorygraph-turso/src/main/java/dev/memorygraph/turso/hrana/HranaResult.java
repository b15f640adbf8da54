package dev.memorygraph.turso.hrana;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one executed statement.
 *
 * <p>Values are decoded to {@code null}, {@link Long}, {@link Double}, {@link String} or
 * {@code byte[]}. Note that {@code tursodb} always reports {@code affectedRowCount} 0 and no
 * {@code lastInsertRowid}: callers that need counts use {@code RETURNING} or {@code changes()}.
 *
 * @param columns the column names, in order
 * @param rows the rows, each a list of column values in column order
 * @param affectedRowCount rows changed as reported by the server (0 on tursodb)
 * @param lastInsertRowid the last inserted rowid as reported, or null
 */
public record HranaResult(List<String> columns, List<List<Object>> rows, long affectedRowCount, Long lastInsertRowid) {

  /** Copies the lists (rows may contain nulls). */
  public HranaResult {
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> r : rows) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
    }
    rows = Collections.unmodifiableList(copy);
  }

  /** The rows as maps from column name to value, in column order. */
  public List<Map<String, Object>> rowMaps() {
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    for (List<Object> r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < columns.size() && i < r.size(); i++) {
        m.put(columns.get(i), r.get(i));
      }
      out.add(m);
    }
    return out;
  }

  /** Shows the shape only, not the values. */
  @Override
  public String toString() {
    return "HranaResult[columns=" + columns + ", rows=" + rows.size() + "]";
  }
}
