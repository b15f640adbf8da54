package dev.memorygraph.sqlite.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The store's schema as forward migrations, and the runner that applies the pending ones.
 *
 * <p>Version 1 creates: {@code memories} (one column per field; list and map context fields as
 * JSON text; instants as INTEGER epoch microseconds; tags as newline-joined text for the FTS
 * index), {@code memory_tags} (memory_id, tag) for tag filters, {@code relationships} (every
 * field of the relationship record) with indexes for traversal and change tracking,
 * optionally the FTS5 table {@code memories_fts}, and {@code schema_version}.
 *
 * <p>All DDL is portable SQLite (no {@code WITH RECURSIVE}, no vendor extensions) so that a Turso
 * server can run it with {@link StoreOptions#NO_FTS}.
 */
public final class Schema {
  /** The newest schema version this code knows. */
  public static final int CURRENT_VERSION = 1;

  /** The FTS5 tokenizer: Porter stemming over Unicode-aware, case-folding tokens. */
  public static final String TOKENIZER = "porter unicode61 remove_diacritics 0";

  private Schema() {}

  /** One forward migration. */
  public record Migration(int version, String description, List<String> statements) {
    /** Copies the statements. */
    public Migration {
      statements = List.copyOf(statements);
    }
  }

  /** Every migration, oldest first, for these options. */
  public static List<Migration> migrations(StoreOptions o) {
    List<Migration> out = new ArrayList<>();
    out.add(new Migration(1, "memories, tags, relationships" + (o.fts() ? ", fts5" : ""), v1(o)));
    return out;
  }

  private static List<String> v1(StoreOptions o) {
    List<String> s = new ArrayList<>();
    s.add("CREATE TABLE IF NOT EXISTS memories ("
        + "id TEXT PRIMARY KEY NOT NULL, "
        + "type TEXT NOT NULL, "
        + "title TEXT NOT NULL, "
        + "content TEXT NOT NULL, "
        + "summary TEXT, "
        + "tags TEXT, "
        + "project_path TEXT, "
        + "files_involved TEXT, "
        + "languages TEXT, "
        + "frameworks TEXT, "
        + "technologies TEXT, "
        + "git_commit TEXT, "
        + "git_branch TEXT, "
        + "working_directory TEXT, "
        + "context_timestamp INTEGER, "
        + "session_id TEXT, "
        + "user_id TEXT, "
        + "additional_metadata TEXT, "
        + "tenant_id TEXT, "
        + "team_id TEXT, "
        + "visibility TEXT NOT NULL, "
        + "created_by TEXT, "
        + "importance REAL NOT NULL, "
        + "confidence REAL NOT NULL, "
        + "effectiveness REAL, "
        + "usage_count INTEGER NOT NULL, "
        + "created_at INTEGER NOT NULL, "
        + "updated_at INTEGER NOT NULL, "
        + "last_accessed INTEGER, "
        + "version INTEGER NOT NULL, "
        + "updated_by TEXT"
        + (o.searchText() ? ", search_text TEXT" : "")
        + ")");
    // Serves the no-text search order without a sort.
    s.add("CREATE INDEX IF NOT EXISTS memories_rank_idx ON memories(importance DESC, created_at DESC, id)");
    s.add("CREATE INDEX IF NOT EXISTS memories_updated_idx ON memories(updated_at)");
    s.add("CREATE TABLE IF NOT EXISTS memory_tags ("
        + "memory_id TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (memory_id, tag)) WITHOUT ROWID");
    s.add("CREATE INDEX IF NOT EXISTS memory_tags_tag_idx ON memory_tags(tag, memory_id)");
    s.add("CREATE TABLE IF NOT EXISTS relationships ("
        + "id TEXT PRIMARY KEY NOT NULL, "
        + "from_id TEXT NOT NULL, "
        + "to_id TEXT NOT NULL, "
        + "type TEXT NOT NULL, "
        + "strength REAL NOT NULL, "
        + "confidence REAL NOT NULL, "
        + "context TEXT, "
        + "evidence_count INTEGER NOT NULL, "
        + "success_rate REAL, "
        + "created_at INTEGER NOT NULL, "
        + "last_validated INTEGER NOT NULL, "
        + "validation_count INTEGER NOT NULL, "
        + "counter_evidence_count INTEGER NOT NULL, "
        + "valid_from INTEGER NOT NULL, "
        + "valid_until INTEGER, "
        + "recorded_at INTEGER NOT NULL, "
        + "invalidated_by TEXT)");
    s.add("CREATE INDEX IF NOT EXISTS relationships_from_idx ON relationships(from_id, type)");
    s.add("CREATE INDEX IF NOT EXISTS relationships_to_idx ON relationships(to_id, type)");
    s.add("CREATE INDEX IF NOT EXISTS relationships_type_idx ON relationships(type, valid_until)");
    s.add("CREATE INDEX IF NOT EXISTS relationships_recorded_idx ON relationships(recorded_at)");
    s.add("CREATE INDEX IF NOT EXISTS relationships_until_idx ON relationships(valid_until)");
    if (o.fts()) {
      s.add(ftsDdl(o));
    }
    return s;
  }

  /** The CREATE VIRTUAL TABLE statement of the FTS5 index. */
  public static String ftsDdl(StoreOptions o) {
    String content = o.ftsContentless() ? "content=''" : "content='memories', content_rowid='rowid'";
    return "CREATE VIRTUAL TABLE IF NOT EXISTS " + o.ftsTable()
        + " USING fts5(title, content, summary, tags, " + content + ", tokenize='" + TOKENIZER + "')";
  }

  /** The statement creating the version table (it precedes every migration). */
  public static String versionTableDdl() {
    return "CREATE TABLE IF NOT EXISTS schema_version ("
        + "version INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL, applied_at INTEGER NOT NULL)";
  }

  /**
   * Whether the database offers FTS5: tries to create (and drops) a temporary FTS5 table.
   * Run it on a session that may write to the temp schema; failures mean "no".
   */
  public static boolean probeFts5(SqlSession s) {
    try {
      s.execute(SqlStatement.of("CREATE VIRTUAL TABLE IF NOT EXISTS temp.mg_fts5_probe USING fts5(x, tokenize='" + TOKENIZER + "')"));
      s.execute(SqlStatement.of("DROP TABLE IF EXISTS temp.mg_fts5_probe"));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The highest applied version, 0 for a new database. Needs the version table. */
  public static int appliedVersion(SqlSession s) {
    List<Row> rows = s.query(SqlStatement.of("SELECT coalesce(max(version), 0) FROM schema_version"));
    return rows.isEmpty() ? 0 : (int) rows.get(0).getLong(0);
  }

  /**
   * Whether an existing database was built with the FTS5 index (checked once at open, so that a
   * file created elsewhere is searched the way it was built).
   */
  public static boolean hasFtsTable(SqlSession s, StoreOptions o) {
    List<Row> rows = s.query(SqlStatement.of("SELECT count(*) FROM " + o.ftsSchema()
        + ".sqlite_master WHERE type = 'table' AND name = ?", o.ftsName()));
    return !rows.isEmpty() && rows.get(0).getLong(0) > 0;
  }

  /** Whether the memories table carries the search_text column. */
  public static boolean hasSearchTextColumn(SqlSession s) {
    List<Row> rows = s.query(SqlStatement.of("SELECT count(*) FROM pragma_table_info('memories') WHERE name = 'search_text'"));
    return !rows.isEmpty() && rows.get(0).getLong(0) > 0;
  }

  /**
   * Makes the database's schema current and says which features it has: a database at the
   * current version is only inspected (one read, no write lock); otherwise the pending migrations
   * run in one write transaction. A new database gets FTS5 when {@code wanted} asks for it and
   * {@link #probeFts5} finds the module; an existing one keeps the features it was built with.
   *
   * @param nowMicros the applied_at value of new version rows (computed by the client)
   * @return the options matching the database
   * @throws IllegalStateException when the database is newer than this code
   */
  public static StoreOptions prepare(SqlExecutor executor, StoreOptions wanted, long nowMicros) {
    StoreOptions current = executor.read(s -> {
      if (wanted.ftsSchema().equals("main")) {
        // Opening an existing database is on the path to the first answer: one probe statement
        // for the three catalogue checks, then the version.
        Row p = s.query(SqlStatement.of("SELECT"
            + " (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'),"
            + " (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?),"
            + " (SELECT count(*) FROM pragma_table_info('memories') WHERE name = 'search_text')",
            wanted.ftsName())).get(0);
        if (p.getLong(0) == 0) {
          return null;
        }
        int have = appliedVersion(s);
        checkNotNewer(have);
        return have == CURRENT_VERSION ? options(wanted, p.getLong(1) > 0, p.getLong(2) > 0) : null;
      }
      List<Row> t = s.query(SqlStatement.of(
          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"));
      if (t.get(0).getLong(0) == 0) {
        return null;
      }
      int have = appliedVersion(s);
      checkNotNewer(have);
      return have == CURRENT_VERSION ? detect(s, wanted) : null;
    });
    if (current != null) {
      return current;
    }
    return executor.write(s -> {
      s.execute(SqlStatement.of(versionTableDdl()));
      int have = appliedVersion(s);
      checkNotNewer(have);
      StoreOptions use = have == 0 ? wanted.withFts(wanted.fts() && probeFts5(s)) : detect(s, wanted);
      applyPending(s, use, have, nowMicros);
      return use;
    });
  }

  private static StoreOptions detect(SqlSession s, StoreOptions wanted) {
    return options(wanted, hasFtsTable(s, wanted), hasSearchTextColumn(s));
  }

  private static StoreOptions options(StoreOptions wanted, boolean fts, boolean searchText) {
    return new StoreOptions(fts, wanted.ftsSchema(), wanted.ftsContentless(), searchText || !fts);
  }

  private static void checkNotNewer(int have) {
    if (have > CURRENT_VERSION) {
      throw new IllegalStateException("database schema version " + have
          + " is newer than this library's " + CURRENT_VERSION);
    }
  }

  /**
   * Applies the pending migrations in order, each with its version row, in one write
   * transaction; running it again changes nothing.
   *
   * @param nowMicros the applied_at value (computed by the client)
   * @return the versions applied now (empty when the schema was current)
   * @throws IllegalStateException when the database is newer than this code
   */
  public static List<Integer> migrate(SqlExecutor executor, StoreOptions o, long nowMicros) {
    return executor.write(s -> {
      s.execute(SqlStatement.of(versionTableDdl()));
      int have = appliedVersion(s);
      checkNotNewer(have);
      return applyPending(s, o, have, nowMicros);
    });
  }

  private static List<Integer> applyPending(SqlSession s, StoreOptions o, int have, long nowMicros) {
    List<Integer> applied = new ArrayList<>();
    for (Migration m : migrations(o)) {
      if (m.version() <= have) {
        continue;
      }
      for (String ddl : m.statements()) {
        s.execute(SqlStatement.of(ddl));
      }
      s.execute(SqlStatement.of("INSERT INTO schema_version(version, description, applied_at) VALUES (?, ?, ?)",
          (long) m.version(), m.description(), nowMicros));
      applied.add(m.version());
    }
    return applied;
  }
}
