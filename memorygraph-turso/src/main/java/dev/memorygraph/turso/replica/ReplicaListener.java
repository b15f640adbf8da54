package dev.memorygraph.turso.replica;

import dev.memorygraph.turso.hrana.HranaStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hook for local-only state derived from the replica, such as a contentless FTS5 index in the
 * attached {@code local} schema (the primary has no FTS5, and work.db is overwritten at each
 * publish, so such indexes must live in local.db and be refreshed here).
 */
public interface ReplicaListener {
  /**
   * Called after work.db has been refreshed from the primary's image and the outbox replayed,
   * inside a transaction on a connection to work.db with local.db attached as {@code local}.
   * Rowids of work.db tables may have changed: rebuild anything keyed by them.
   */
  void afterPublish(Connection connection) throws SQLException;

  /**
   * Called after a publish replaced only some rows of work.db (see
   * {@link ReplicaOptions#trackedTables()}) and replayed the outbox, in the same kind of
   * transaction as {@link #afterPublish}. Rows outside {@code keysByTable} kept their rowids.
   * The default treats it as a whole publish.
   *
   * @param keysByTable for each tracked table, the key values whose rows were replaced, inserted,
   *     deleted or changed by the replay
   */
  default void afterRowsPublished(Connection connection, Map<String, Set<Object>> keysByTable) throws SQLException {
    afterPublish(connection);
  }

  /**
   * Called inside the local transaction that applies a write to work.db (before commit), so
   * derived local state can be updated atomically with it.
   */
  default void afterLocalWrite(Connection connection, String operation, List<HranaStatement> statements) throws SQLException {}
}
