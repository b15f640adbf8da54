package dev.memorygraph.sqlite;

import dev.memorygraph.ValidationException;
import dev.memorygraph.sqlite.store.NamedParameters;
import dev.memorygraph.sqlite.store.Row;
import dev.memorygraph.sqlite.store.SqlExecutor;
import dev.memorygraph.sqlite.store.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The {@code executeQuery} escape hatch shared by every SQL backend (SQLite, Turso in each mode):
 * binds named or positional parameters, runs the statement through the backend's executor, and
 * turns the caller's SQL mistakes into a {@link ValidationException} on {@code query}.
 */
public final class NativeQueries {
  private NativeQueries() {}

  /** Runs a native query on an executor's writer (write=true) or a reader. */
  public static List<Map<String, Object>> run(SqlExecutor executor, String query, Map<String, Object> params, boolean write) {
    return run(query, params, write, (st, w) -> onExecutor(executor, st, w));
  }

  /**
   * Runs a native query with a backend-specific runner (for example over HTTP).
   *
   * @param runner runs the bound statement; gets the {@code write} flag
   */
  public static List<Map<String, Object>> run(String query, Map<String, Object> params, boolean write,
      BiFunction<SqlStatement, Boolean, List<Row>> runner) {
    if (query == null || query.isBlank()) {
      throw new ValidationException("query", "must not be blank");
    }
    SqlStatement st = NamedParameters.bind(query, params);
    List<Row> rows;
    try {
      rows = runner.apply(st, write);
    } catch (SqliteException e) {
      if (e.isCallerError()) {
        String msg = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        throw new ValidationException("query", msg + (write ? "" : " (read-only query: pass write=true to write)"));
      }
      throw e;
    }
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(r.toMap());
    }
    return out;
  }

  /** Runs a bound statement in a write or read transaction of the executor. */
  public static List<Row> onExecutor(SqlExecutor executor, SqlStatement st, boolean write) {
    return write ? executor.write(x -> x.run(st)) : executor.read(x -> x.run(st));
  }
}
