package dev.memorygraph.sqlite.store;

import java.util.regex.Pattern;

/**
 * Which SQL features the store's schema and statements may use.
 *
 * @param fts whether an FTS5 index over title, content, summary and tags is kept (needs the fts5
 *     module; see {@link Schema#probeFts5})
 * @param ftsSchema the schema holding the FTS5 table ({@code main}, or an ATTACHed database such
 *     as {@code local}); the memories table is always in {@code main}
 * @param ftsContentless whether the FTS5 table is contentless ({@code content=''}) instead of an
 *     external-content table over {@code memories}; needed when the FTS table lives in another
 *     schema than the memories table (a new FTS table in an attached schema of an existing
 *     database is created with {@link Schema#ftsDdl} and filled with
 *     {@link Statements#ftsRebuild} by the caller: migrations are recorded in {@code main})
 * @param searchText whether memories carry a {@code search_text} column (lower-cased title,
 *     content, summary and tags computed by the client) used by the fallback text search when
 *     there is no FTS5
 */
public record StoreOptions(boolean fts, String ftsSchema, boolean ftsContentless, boolean searchText) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  /** The SQLite default: an external-content FTS5 index in the main schema, no search_text. */
  public static final StoreOptions SQLITE = new StoreOptions(true, "main", false, false);

  /** No FTS5 (e.g. a Turso server): substring search over the search_text column. */
  public static final StoreOptions NO_FTS = new StoreOptions(false, "main", false, true);

  /** Checks the schema name (it is spliced into statement text). */
  public StoreOptions {
    ftsSchema = ftsSchema == null ? "main" : ftsSchema;
    if (!NAME.matcher(ftsSchema).matches()) {
      throw new IllegalArgumentException("ftsSchema must be a plain SQL name: " + ftsSchema);
    }
    if (fts && !ftsContentless && !ftsSchema.equals("main")) {
      throw new IllegalArgumentException("an FTS5 table outside main must be contentless"
          + " (external content cannot point across schemas)");
    }
    if (!fts && !searchText) {
      throw new IllegalArgumentException("text search needs FTS5 or the search_text column");
    }
  }

  /** A copy with FTS5 switched on or off (off implies the search_text column). */
  public StoreOptions withFts(boolean on) {
    return on ? new StoreOptions(true, ftsSchema, ftsContentless, searchText)
        : new StoreOptions(false, ftsSchema, ftsContentless, true);
  }

  /** The FTS5 table's unqualified name, as used in MATCH and bm25(). */
  public String ftsName() {
    return "memories_fts";
  }

  /** The FTS5 table's qualified name, as used in FROM and INSERT INTO. */
  public String ftsTable() {
    return ftsSchema + ".memories_fts";
  }
}
