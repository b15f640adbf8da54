package dev.memorygraph.sqlite;

import dev.memorygraph.sqlite.store.Row;
import dev.memorygraph.sqlite.store.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prepared statements of one JDBC connection, cached by SQL text (least recently used out)
 * together with the column labels of their results, plus the binding and row reading that every
 * JDBC executor of the SQL store shares (this backend's and the Turso replica's).
 *
 * <p>Preparing a statement and asking the driver for column labels are the two per-query costs
 * that showed in profiles against raw JDBC. Each statement is reset after use (result set
 * closed, parameters cleared), so none stays open between calls; a statement that failed is
 * closed and forgotten. Not thread-safe: a connection serves one session at a time.
 */
public final class CachedStatements implements AutoCloseable {
  private final Connection connection;
  private final int capacity;
  private final LinkedHashMap<String, Cached> statements;

  /** A cached statement and the labels of its last result (null until it first returns rows). */
  private static final class Cached {
    final PreparedStatement statement;
    List<String> labels;

    Cached(PreparedStatement statement) {
      this.statement = statement;
    }
  }

  /**
   * Creates an empty cache.
   *
   * @param connection the connection the statements are prepared on (not closed by this class)
   * @param capacity how many statements to keep
   */
  public CachedStatements(Connection connection, int capacity) {
    this.connection = connection;
    this.capacity = capacity;
    this.statements = new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
        if (size() > CachedStatements.this.capacity) {
          closeQuietly(eldest.getValue().statement);
          return true;
        }
        return false;
      }
    };
  }

  /** The connection underneath. */
  public Connection connection() {
    return connection;
  }

  /** Runs a query and reads every row. */
  public List<Row> query(SqlStatement s) {
    return withStatement(s, "query failed", (cached, ps) -> {
      try (ResultSet rs = ps.executeQuery()) {
        return rows(rs, labelsOf(cached, rs));
      }
    });
  }

  /** Runs a statement that returns no rows; returns the number of rows it changed. */
  public int execute(SqlStatement s) {
    return withStatement(s, "statement failed", (cached, ps) -> ps.executeUpdate());
  }

  /** Runs any statement: its rows, or one row {@code changes} with the count it changed. */
  public List<Row> run(SqlStatement s) {
    return withStatement(s, "query failed", (cached, ps) -> runPrepared(ps));
  }

  /** What runs on a cached statement once its arguments are bound. */
  @FunctionalInterface
  private interface BoundWork<T> {
    T apply(Cached cached, PreparedStatement ps) throws SQLException;
  }

  /**
   * Binds the arguments to the cached statement, runs the work, and resets the statement for its
   * next use; a failed statement is evicted, so that a broken one is prepared afresh.
   */
  private <T> T withStatement(SqlStatement s, String failure, BoundWork<T> work) {
    Cached cached = null;
    try {
      cached = prepared(s.sql());
      PreparedStatement ps = cached.statement;
      try {
        bind(ps, s.args());
        return work.apply(cached, ps);
      } finally {
        reset(ps);
      }
    } catch (SQLException e) {
      evict(s.sql(), cached);
      throw new SqliteException(failure + " (" + shortSql(s) + ")", e);
    }
  }

  /** Runs a statement without arguments, such as {@code BEGIN} or {@code COMMIT}. */
  public void exec(String sql) {
    Cached cached = null;
    try {
      cached = prepared(sql);
      cached.statement.executeUpdate();
    } catch (SQLException e) {
      evict(sql, cached);
      throw new SqliteException(sql + " failed", e);
    }
  }

  /**
   * Runs {@code work} in one transaction opened by {@code begin} ({@code BEGIN}, {@code BEGIN
   * IMMEDIATE}...): committed when it returns, rolled back when it throws.
   */
  public <T> T transaction(String begin, java.util.function.Supplier<T> work) {
    exec(begin);
    try {
      T out = work.get();
      exec("COMMIT");
      return out;
    } catch (RuntimeException | Error e) {
      rollbackQuietly();
      throw e;
    }
  }

  /** Rolls back the open transaction, if any, ignoring errors. */
  public void rollbackQuietly() {
    try {
      prepared("ROLLBACK").statement.executeUpdate();
    } catch (SQLException ignored) {
      // no transaction open any more (SQLite may have rolled back already)
    }
  }

  /** Closes every cached statement (not the connection). */
  @Override
  public void close() {
    for (Cached c : statements.values()) {
      closeQuietly(c.statement);
    }
    statements.clear();
  }

  private Cached prepared(String sql) throws SQLException {
    Cached cached = statements.get(sql);
    if (cached == null) {
      cached = new Cached(connection.prepareStatement(sql));
      statements.put(sql, cached);
    }
    return cached;
  }

  private static List<String> labelsOf(Cached cached, ResultSet rs) throws SQLException {
    List<String> cols = cached.labels;
    // A schema change can change what the same text returns: the count is one cheap call.
    if (cols == null || cols.size() != rs.getMetaData().getColumnCount()) {
      cols = labels(rs);
      cached.labels = cols;
    }
    return cols;
  }

  private void evict(String sql, Cached cached) {
    if (cached != null && statements.remove(sql, cached)) {
      closeQuietly(cached.statement);
    }
  }

  /** Runs a bound statement: its rows, or one row {@code changes} with the count it changed. */
  public static List<Row> runPrepared(PreparedStatement ps) throws SQLException {
    if (ps.execute()) {
      try (ResultSet rs = ps.getResultSet()) {
        return rows(rs, labels(rs));
      }
    }
    int n = ps.getUpdateCount();
    return List.of(new Row(List.of("changes"), new Object[] {(long) Math.max(n, 0)}));
  }

  /** Binds arguments by position: null, String, Long/Integer, Double, byte[], else as object. */
  public static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object v = args.get(i);
      if (v == null) {
        ps.setNull(i + 1, Types.NULL);
      } else if (v instanceof String) {
        ps.setString(i + 1, (String) v);
      } else if (v instanceof Long || v instanceof Integer) {
        ps.setLong(i + 1, ((Number) v).longValue());
      } else if (v instanceof Double) {
        ps.setDouble(i + 1, (Double) v);
      } else if (v instanceof byte[]) {
        ps.setBytes(i + 1, (byte[]) v);
      } else {
        ps.setObject(i + 1, v);
      }
    }
  }

  /** The column labels of a result. */
  public static List<String> labels(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String> cols = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      cols.add(md.getColumnLabel(i));
    }
    return Collections.unmodifiableList(cols);
  }

  /** Reads every remaining row of a result. */
  public static List<Row> rows(ResultSet rs, List<String> cols) throws SQLException {
    int n = cols.size();
    List<Row> out = new ArrayList<>();
    while (rs.next()) {
      Object[] v = new Object[n];
      for (int i = 0; i < n; i++) {
        v[i] = rs.getObject(i + 1);
      }
      out.add(new Row(cols, v));
    }
    return out;
  }

  /** The SQL text cut to 120 characters, for error messages. */
  public static String shortSql(SqlStatement s) {
    String sql = s.sql();
    return sql.length() > 120 ? sql.substring(0, 120) + "..." : sql;
  }

  /** Clears the arguments; never masks the statement's own failure (a failed one may refuse). */
  private static void reset(PreparedStatement ps) {
    try {
      ps.clearParameters();
    } catch (SQLException ignored) {
      // the statement failed or was reset by the driver already: nothing left to clear
    }
  }

  private static void closeQuietly(PreparedStatement ps) {
    try {
      ps.close();
    } catch (SQLException ignored) {
      // closing is best effort
    }
  }
}
