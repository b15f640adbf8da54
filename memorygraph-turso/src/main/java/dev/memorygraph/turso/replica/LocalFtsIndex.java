package dev.memorygraph.turso.replica;

import dev.memorygraph.sqlite.store.Schema;
import dev.memorygraph.sqlite.store.StoreOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/**
 * The replica's local full-text index: a contentless FTS5 table in {@code local.db} keyed by the
 * {@code main.memories} rowid, plus {@code memories_fts_docs}, the exact text each indexed rowid
 * was indexed with (a contentless table needs the old values to delete an entry).
 *
 * <p>Why a diff rather than a rebuild: a publish replaces work.db, and rowids of rows written
 * offline may change, so the index must be re-derived; comparing the stored text with
 * {@code main.memories} row by row is a cheap scan, and only rows whose text or rowid changed
 * are re-tokenised.
 *
 * <p>Why an {@code optimize} after a bulk refresh: a refresh that indexes many rows in one
 * transaction (the first one fills the whole index) leaves a few large segments, and every MATCH
 * then reads each term's doclist from every segment; measured on 10k memories, a search's FTS
 * part cost about 8 microseconds more than on the sqlite backend's incrementally merged index,
 * and about 10 less once merged into one segment (an optimize of 10k memories took ~30 ms).
 * Small refreshes (local writes, most syncs) are left to FTS5's own incremental merging:
 * optimizing only when a refresh at least doubles the index keeps the cost of the merges in
 * proportion to the rows indexed.
 */
final class LocalFtsIndex {
  private static final String DOCS = "local.memories_fts_docs";
  private static final String STALE = " FROM " + DOCS + " d LEFT JOIN main.memories m ON m.rowid = d.rowid"
      + " WHERE m.rowid IS NULL OR m.id IS NOT d.id OR m.title IS NOT d.title OR m.content IS NOT d.content"
      + " OR m.summary IS NOT d.summary OR m.tags IS NOT d.tags";

  private LocalFtsIndex() {}

  /** Creates the index tables if needed. */
  static void ensure(Connection c, StoreOptions o) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(Schema.ftsDdl(o));
      st.execute("CREATE TABLE IF NOT EXISTS " + DOCS
          + " (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT, content TEXT, summary TEXT, tags TEXT)");
      st.execute("CREATE INDEX IF NOT EXISTS local.memories_fts_docs_id ON memories_fts_docs(id)");
    }
  }

  private static boolean hasMemories(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = 'memories'")) {
      return rs.next() && rs.getLong(1) > 0;
    }
  }

  /** Brings the whole index in line with {@code main.memories}. */
  static void refreshAll(Connection c, StoreOptions o) throws SQLException {
    ensure(c, o);
    String fts = o.ftsTable();
    try (Statement st = c.createStatement()) {
      if (!hasMemories(c)) {
        st.execute("INSERT INTO " + fts + "(" + o.ftsName() + ") VALUES ('delete-all')");
        st.execute("DELETE FROM " + DOCS);
        return;
      }
      st.execute("INSERT INTO " + fts + "(" + o.ftsName() + ", rowid, title, content, summary, tags)"
          + " SELECT 'delete', d.rowid, d.title, d.content, d.summary, d.tags" + STALE);
      st.execute("DELETE FROM " + DOCS + " WHERE rowid IN (SELECT d.rowid" + STALE + ")");
      long kept = count(st, "SELECT count(*) FROM " + DOCS);
      st.execute("INSERT INTO " + fts + "(rowid, title, content, summary, tags)"
          + " SELECT rowid, title, content, summary, tags FROM main.memories WHERE rowid NOT IN (SELECT rowid FROM " + DOCS + ")");
      int added = st.executeUpdate("INSERT INTO " + DOCS + "(rowid, id, title, content, summary, tags)"
          + " SELECT rowid, id, title, content, summary, tags FROM main.memories WHERE rowid NOT IN (SELECT rowid FROM " + DOCS + ")");
      if (added > 0 && added >= kept) {
        st.execute("INSERT INTO " + fts + "(" + o.ftsName() + ") VALUES ('optimize')");
      }
    }
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (java.sql.ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /**
   * Re-indexes the given memory ids (after a write or a row publish touched them). All old entries
   * go first: a deleted row's rowid may already belong to another of the ids' new rows.
   */
  static void refreshIds(Connection c, StoreOptions o, Collection<String> ids) throws SQLException {
    ensure(c, o);
    String fts = o.ftsTable();
    try (PreparedStatement del = c.prepareStatement("INSERT INTO " + fts + "(" + o.ftsName() + ", rowid, title, content, summary, tags)"
            + " SELECT 'delete', rowid, title, content, summary, tags FROM " + DOCS + " WHERE id = ?");
        PreparedStatement delDocs = c.prepareStatement("DELETE FROM " + DOCS + " WHERE id = ?");
        PreparedStatement ins = c.prepareStatement("INSERT INTO " + fts + "(rowid, title, content, summary, tags)"
            + " SELECT rowid, title, content, summary, tags FROM main.memories WHERE id = ?");
        PreparedStatement insDocs = c.prepareStatement("INSERT INTO " + DOCS + "(rowid, id, title, content, summary, tags)"
            + " SELECT rowid, id, title, content, summary, tags FROM main.memories WHERE id = ?")) {
      for (PreparedStatement[] phase : new PreparedStatement[][] {{del, delDocs}, {ins, insDocs}}) {
        for (String id : ids) {
          for (PreparedStatement ps : phase) {
            ps.setString(1, id);
            ps.executeUpdate();
          }
        }
      }
    }
  }
}
