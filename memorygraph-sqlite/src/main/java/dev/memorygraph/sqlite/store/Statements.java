package dev.memorygraph.sqlite.store;

import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Relationship;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds every write of the store as {@link SqlStatement}s with all values computed by the
 * client: ids, timestamps and versions are arguments; nothing uses {@code CURRENT_TIMESTAMP},
 * {@code random()} or a rowid carried from one database to another (the FTS5 rows are keyed by
 * the memories row's rowid, looked up inside the same statement).
 */
public final class Statements {
  private final StoreOptions o;
  private final String insertMemory;
  private final String upsertMemory;
  private final String ftsInsert;
  private final String ftsDelete;

  /** Builders for the given options. */
  public Statements(StoreOptions o) {
    this.o = o;
    List<String> cols = new ArrayList<>(Mappers.MEMORY_COLUMN_NAMES);
    if (o.searchText()) {
      cols.add("search_text");
    }
    String marks = String.join(", ", Collections.nCopies(cols.size(), "?"));
    this.insertMemory = "INSERT INTO memories(" + String.join(", ", cols) + ") VALUES (" + marks + ")";
    StringBuilder set = new StringBuilder();
    for (String c : cols) {
      if (!c.equals("id")) {
        set.append(set.length() == 0 ? "" : ", ").append(c).append(" = excluded.").append(c);
      }
    }
    this.upsertMemory = insertMemory + " ON CONFLICT(id) DO UPDATE SET " + set;
    String ftsCols = "title, content, summary, tags";
    this.ftsInsert = "INSERT INTO " + o.ftsTable() + "(rowid, " + ftsCols + ") SELECT rowid, "
        + ftsCols + " FROM main.memories WHERE id = ?";
    this.ftsDelete = "INSERT INTO " + o.ftsTable() + "(" + o.ftsName() + ", rowid, " + ftsCols
        + ") SELECT 'delete', rowid, " + ftsCols + " FROM main.memories WHERE id = ?";
  }

  /** The options these statements follow. */
  public StoreOptions options() {
    return o;
  }

  /**
   * Writes a memory row, its tag rows and its FTS5 row.
   *
   * @param m the memory exactly as it must be stored (after {@link dev.memorygraph.spi.WriteRules})
   * @param mayExist whether a row with this id may already exist (then the old tag and FTS rows
   *     are removed first and the row is upserted; otherwise a plain INSERT)
   * @param indexFts whether to maintain the FTS5 row now (false when the caller rebuilds the
   *     index at the end of a bulk import, see {@link #ftsRebuild()})
   */
  public List<SqlStatement> upsertMemory(Memory m, boolean mayExist, boolean indexFts) {
    List<SqlStatement> out = new ArrayList<>(4 + m.tags().size());
    boolean fts = o.fts() && indexFts;
    if (mayExist) {
      if (fts) {
        out.add(SqlStatement.of(ftsDelete, m.id()));
      }
      out.add(SqlStatement.of("DELETE FROM memory_tags WHERE memory_id = ?", m.id()));
    }
    Object[] values = Mappers.memoryValues(m);
    List<Object> args = new ArrayList<>(values.length + 1);
    Collections.addAll(args, values);
    if (o.searchText()) {
      args.add(Codec.searchText(m.title(), m.content(), m.summary(), m.tags()));
    }
    out.add(new SqlStatement(mayExist ? upsertMemory : insertMemory, args));
    for (String tag : m.tags()) {
      out.add(SqlStatement.of("INSERT INTO memory_tags(memory_id, tag) VALUES (?, ?)", m.id(), tag));
    }
    if (fts) {
      out.add(SqlStatement.of(ftsInsert, m.id()));
    }
    return out;
  }

  /**
   * Deletes a memory with its tags, FTS5 row and every relationship touching it. The last
   * statement deletes the memory row: its change count says whether the memory existed.
   */
  public List<SqlStatement> deleteMemory(String id) {
    List<SqlStatement> out = new ArrayList<>(5);
    if (o.fts()) {
      out.add(SqlStatement.of(ftsDelete, id));
    }
    out.add(SqlStatement.of("DELETE FROM memory_tags WHERE memory_id = ?", id));
    out.add(SqlStatement.of("DELETE FROM relationships WHERE from_id = ?", id));
    out.add(SqlStatement.of("DELETE FROM relationships WHERE to_id = ?", id));
    out.add(SqlStatement.of("DELETE FROM memories WHERE id = ?", id));
    return out;
  }

  /** Rebuilds the whole FTS5 index from the memories table (bulk imports). */
  public List<SqlStatement> ftsRebuild() {
    if (!o.fts()) {
      return List.of();
    }
    if (!o.ftsContentless()) {
      return List.of(SqlStatement.of("INSERT INTO " + o.ftsTable() + "(" + o.ftsName() + ") VALUES ('rebuild')"));
    }
    return List.of(
        SqlStatement.of("INSERT INTO " + o.ftsTable() + "(" + o.ftsName() + ") VALUES ('delete-all')"),
        SqlStatement.of("INSERT INTO " + o.ftsTable() + "(rowid, title, content, summary, tags) "
            + "SELECT rowid, title, content, summary, tags FROM main.memories"));
  }

  /**
   * Indexes in FTS5 every memories row whose rowid is above {@code rowid} (the rows a bulk import
   * has just added): one statement instead of one per row. The rows must not be indexed yet.
   */
  public SqlStatement ftsIndexRowsAfter(long rowid) {
    return SqlStatement.of("INSERT INTO " + o.ftsTable() + "(rowid, title, content, summary, tags) "
        + "SELECT rowid, title, content, summary, tags FROM main.memories WHERE rowid > ?", rowid);
  }

  /** Inserts a relationship (plain INSERT: an existing id fails on the primary key). */
  public SqlStatement insertRelationship(Relationship r) {
    List<Object> args = new ArrayList<>(17);
    Collections.addAll(args, Mappers.relationshipValues(r));
    return new SqlStatement("INSERT INTO relationships(" + Mappers.RELATIONSHIP_COLUMNS + ") VALUES ("
        + String.join(", ", Collections.nCopies(Mappers.RELATIONSHIP_COLUMN_NAMES.size(), "?")) + ")", args);
  }

  /** Rewrites every column of a relationship but its id (updates and invalidation). */
  public SqlStatement updateRelationship(Relationship r) {
    Object[] v = Mappers.relationshipValues(r);
    List<Object> args = new ArrayList<>(17);
    StringBuilder set = new StringBuilder();
    for (int i = 1; i < v.length; i++) {
      set.append(i == 1 ? "" : ", ").append(Mappers.RELATIONSHIP_COLUMN_NAMES.get(i)).append(" = ?");
      args.add(v[i]);
    }
    args.add(r.id());
    return new SqlStatement("UPDATE relationships SET " + set + " WHERE id = ?", args);
  }

  /** Deletes one relationship by id. */
  public SqlStatement deleteRelationship(String id) {
    return SqlStatement.of("DELETE FROM relationships WHERE id = ?", id);
  }
}
