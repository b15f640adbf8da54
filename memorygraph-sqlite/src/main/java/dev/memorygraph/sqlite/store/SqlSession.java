package dev.memorygraph.sqlite.store;

import java.util.List;

/**
 * Statements run on one connection inside one transaction (a read snapshot or the write
 * transaction) opened by {@link SqlExecutor}.
 */
public interface SqlSession {

  /** Runs a query and returns every row. */
  List<Row> query(SqlStatement statement);

  /** Runs a write statement and returns the number of rows it changed. */
  int execute(SqlStatement statement);

  /**
   * Runs any statement (the native-query escape hatch): its rows when it produced a result set,
   * otherwise one row with the column {@code changes}.
   */
  default List<Row> run(SqlStatement statement) {
    return query(statement);
  }

  /** Runs a query given as text and arguments. */
  default List<Row> query(String sql, Object... args) {
    return query(SqlStatement.of(sql, args));
  }

  /** Runs each statement in order; returns the summed change counts. */
  default int executeAll(List<SqlStatement> statements) {
    int n = 0;
    for (SqlStatement s : statements) {
      n += execute(s);
    }
    return n;
  }
}
