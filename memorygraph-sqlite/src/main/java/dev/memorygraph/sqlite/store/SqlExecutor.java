package dev.memorygraph.sqlite.store;

import java.util.List;
import java.util.function.Function;

/**
 * Where the SQL store's statements run: the one seam between the dialect-neutral store and a
 * driver (JDBC over a local file for SQLite; HTTP for a Turso server).
 *
 * <p>Implementations must make {@link #write} atomic and serialised (one writer at a time), and
 * give {@link #read} a consistent snapshot across its queries. Errors are thrown as unchecked
 * exceptions; {@link dev.memorygraph.MemoryGraphException}s thrown by the work function must pass
 * through unchanged (after rolling back).
 */
public interface SqlExecutor {

  /**
   * Runs read-only work on one connection inside one read transaction.
   *
   * @param work the queries; must not write
   * @return what the work returned
   */
  <T> T read(Function<SqlSession, T> work);

  /**
   * Runs work inside one write transaction: committed when the work returns, rolled back when it
   * throws (the exception is rethrown).
   */
  <T> T write(Function<SqlSession, T> work);

  /** One query in its own read transaction. */
  default List<Row> query(SqlStatement statement) {
    return read(s -> s.query(statement));
  }

  /** Runs statements atomically in one write transaction; returns the summed change counts. */
  default int transaction(List<SqlStatement> statements) {
    return write(s -> s.executeAll(statements));
  }
}
