package dev.memorygraph.turso.replica;

import dev.memorygraph.turso.hrana.HranaStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

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
   * Called inside the local transaction that applies a write to work.db (before commit), so
   * derived local state can be updated atomically with it.
   */
  default void afterLocalWrite(Connection connection, String operation, List<HranaStatement> statements) throws SQLException {}
}
