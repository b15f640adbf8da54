package dev.memorygraph.bench;

import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.spi.Instants;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The raw baseline: hand-written sqlite-jdbc SQL with no library around it.
 *
 * <p>One column per field, a tag table, relationship indexes on both ends, and an FTS5
 * external-content index over title, content, summary and tags kept by triggers inside the
 * writing transaction (the same indexing work a backend has to do). Searches are the FTS5
 * implicit-AND match with the type and tag filters, ranked by {@code bm25}, limit 20; traversals
 * are one neighbour query per BFS level over current edges in both directions.
 *
 * <p>The {@code synchronous} setting is given by the caller so that the baseline is exactly as
 * durable as the backend it is compared with.
 */
public final class RawSqliteTarget implements BenchTarget {
  /** Largest traversal result, the same as the library's traversal limit used by the workload. */
  static final int TRAVERSAL_LIMIT = 1000;

  private static final String[] MEMORY_COLUMNS = {
      "id", "type", "title", "content", "summary", "tags", "project_path", "files_involved",
      "languages", "frameworks", "technologies", "git_commit", "git_branch", "working_directory",
      "context_timestamp", "session_id", "user_id", "additional_metadata", "tenant_id", "team_id",
      "visibility", "created_by", "importance", "confidence", "effectiveness", "usage_count",
      "created_at", "updated_at", "last_accessed", "version", "updated_by"};
  private static final String REL_COLUMNS = "r.id, r.from_id, r.to_id, r.type, r.strength, r.confidence,"
      + " r.context, r.evidence_count, r.success_rate, r.created_at, r.last_validated,"
      + " r.validation_count, r.counter_evidence_count, r.valid_from, r.valid_until,"
      + " r.recorded_at, r.invalidated_by";

  private final String synchronous;
  private Connection conn;
  private PreparedStatement insertMemory;
  private PreparedStatement insertTag;
  private PreparedStatement insertRel;
  private PreparedStatement neighbours;
  private final Map<String, PreparedStatement> searches = new HashMap<>();

  /**
   * Creates an unopened baseline.
   *
   * @param synchronous the SQLite {@code synchronous} level to use (OFF, NORMAL, FULL, EXTRA)
   */
  public RawSqliteTarget(String synchronous) {
    String s = synchronous.toUpperCase(Locale.ROOT);
    if (!List.of("OFF", "NORMAL", "FULL", "EXTRA").contains(s)) {
      throw new IllegalArgumentException("synchronous must be OFF, NORMAL, FULL or EXTRA (was " + synchronous + ")");
    }
    this.synchronous = s;
  }

  @Override
  public String label() {
    return "raw";
  }

  @Override
  public void open(Path location) {
    close();
    try {
      conn = connect(location);
      try (Statement st = conn.createStatement()) {
        for (String ddl : schema()) {
          st.execute(ddl);
        }
      }
      conn.setAutoCommit(false);
      insertMemory = conn.prepareStatement("INSERT INTO memories(" + String.join(", ", MEMORY_COLUMNS)
          + ") VALUES (" + "?, ".repeat(MEMORY_COLUMNS.length - 1) + "?)");
      insertTag = conn.prepareStatement("INSERT INTO memory_tags(memory_id, tag) VALUES (?, ?)");
      insertRel = conn.prepareStatement("INSERT INTO relationships(id, from_id, to_id, type, strength,"
          + " confidence, context, evidence_count, success_rate, created_at, last_validated,"
          + " validation_count, counter_evidence_count, valid_from, valid_until, recorded_at,"
          + " invalidated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      neighbours = conn.prepareStatement(neighbourSql());
    } catch (SQLException e) {
      throw new IllegalStateException("raw sqlite: cannot open " + location + ": " + e.getMessage(), e);
    }
  }

  private Connection connect(Path location) throws SQLException {
    Properties p = new Properties();
    // Generated keys off: the driver otherwise runs an extra query after every insert.
    p.setProperty("jdbc.get_generated_keys", "false");
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + location.toAbsolutePath(), p);
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA synchronous=" + synchronous);
      st.execute("PRAGMA busy_timeout=5000");
    }
    return c;
  }

  private static List<String> schema() {
    StringBuilder cols = new StringBuilder();
    for (String c : MEMORY_COLUMNS) {
      String type;
      switch (c) {
        case "importance": case "confidence": case "effectiveness": type = "REAL"; break;
        case "context_timestamp": case "usage_count": case "created_at": case "updated_at":
        case "last_accessed": case "version": type = "INTEGER"; break;
        default: type = "TEXT";
      }
      cols.append(", ").append(c).append(' ').append(type)
          .append(c.equals("id") ? " NOT NULL UNIQUE" : "");
    }
    return List.of(
        "CREATE TABLE IF NOT EXISTS memories(rowid INTEGER PRIMARY KEY" + cols + ")",
        "CREATE TABLE IF NOT EXISTS memory_tags(memory_id TEXT NOT NULL, tag TEXT NOT NULL,"
            + " PRIMARY KEY(memory_id, tag)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS memory_tags_tag ON memory_tags(tag, memory_id)",
        "CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts USING fts5(title, content, summary, tags,"
            + " content='memories', content_rowid='rowid', tokenize='porter unicode61')",
        "CREATE TRIGGER IF NOT EXISTS memories_ai AFTER INSERT ON memories BEGIN"
            + " INSERT INTO memories_fts(rowid, title, content, summary, tags)"
            + " VALUES (new.rowid, new.title, new.content, new.summary, new.tags); END",
        "CREATE TRIGGER IF NOT EXISTS memories_ad AFTER DELETE ON memories BEGIN"
            + " INSERT INTO memories_fts(memories_fts, rowid, title, content, summary, tags)"
            + " VALUES ('delete', old.rowid, old.title, old.content, old.summary, old.tags); END",
        "CREATE TRIGGER IF NOT EXISTS memories_au AFTER UPDATE ON memories BEGIN"
            + " INSERT INTO memories_fts(memories_fts, rowid, title, content, summary, tags)"
            + " VALUES ('delete', old.rowid, old.title, old.content, old.summary, old.tags);"
            + " INSERT INTO memories_fts(rowid, title, content, summary, tags)"
            + " VALUES (new.rowid, new.title, new.content, new.summary, new.tags); END",
        "CREATE TABLE IF NOT EXISTS relationships(id TEXT PRIMARY KEY, from_id TEXT NOT NULL,"
            + " to_id TEXT NOT NULL, type TEXT NOT NULL, strength REAL NOT NULL, confidence REAL NOT NULL,"
            + " context TEXT, evidence_count INTEGER NOT NULL, success_rate REAL,"
            + " created_at INTEGER NOT NULL, last_validated INTEGER NOT NULL,"
            + " validation_count INTEGER NOT NULL, counter_evidence_count INTEGER NOT NULL,"
            + " valid_from INTEGER NOT NULL, valid_until INTEGER, recorded_at INTEGER NOT NULL,"
            + " invalidated_by TEXT)",
        "CREATE INDEX IF NOT EXISTS relationships_from ON relationships(from_id)",
        "CREATE INDEX IF NOT EXISTS relationships_to ON relationships(to_id)");
  }

  private static String neighbourSql() {
    String m = memorySelect("m");
    return "SELECT " + REL_COLUMNS + ", " + m + " FROM relationships r JOIN memories m ON m.id = r.to_id"
        + " WHERE r.from_id IN (SELECT value FROM json_each(?1)) AND r.valid_until IS NULL"
        + " UNION ALL SELECT " + REL_COLUMNS + ", " + m + " FROM relationships r JOIN memories m ON m.id = r.from_id"
        + " WHERE r.to_id IN (SELECT value FROM json_each(?1)) AND r.valid_until IS NULL";
  }

  private static String memorySelect(String alias) {
    StringBuilder b = new StringBuilder();
    for (String c : MEMORY_COLUMNS) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(alias).append('.').append(c);
    }
    return b.toString();
  }

  @Override
  public void storeOne(Memory memory) {
    try {
      insert(memory);
      conn.commit();
    } catch (SQLException e) {
      throw rollback("store", e);
    }
  }

  @Override
  public void storeBatch(List<Memory> memories) {
    try {
      for (Memory m : memories) {
        insert(m);
      }
      conn.commit();
    } catch (SQLException e) {
      throw rollback("store batch", e);
    }
  }

  private void insert(Memory m) throws SQLException {
    MemoryContext c = m.context();
    PreparedStatement ps = insertMemory;
    int i = 1;
    ps.setString(i++, m.id());
    ps.setString(i++, m.type().id());
    ps.setString(i++, m.title());
    ps.setString(i++, m.content());
    ps.setString(i++, m.summary());
    ps.setString(i++, String.join(" ", m.tags()));
    ps.setString(i++, c.projectPath());
    ps.setString(i++, JsonText.array(c.filesInvolved()));
    ps.setString(i++, JsonText.array(c.languages()));
    ps.setString(i++, JsonText.array(c.frameworks()));
    ps.setString(i++, JsonText.array(c.technologies()));
    ps.setString(i++, c.gitCommit());
    ps.setString(i++, c.gitBranch());
    ps.setString(i++, c.workingDirectory());
    setLong(ps, i++, Instants.toMicrosOrNull(c.timestamp()));
    ps.setString(i++, c.sessionId());
    ps.setString(i++, c.userId());
    ps.setString(i++, JsonText.object(c.additionalMetadata()));
    ps.setString(i++, c.tenantId());
    ps.setString(i++, c.teamId());
    ps.setString(i++, c.visibility().name().toLowerCase(Locale.ROOT));
    ps.setString(i++, c.createdBy());
    ps.setDouble(i++, m.importance());
    ps.setDouble(i++, m.confidence());
    setDouble(ps, i++, m.effectiveness());
    ps.setLong(i++, m.usageCount());
    ps.setLong(i++, Instants.toMicros(m.createdAt()));
    ps.setLong(i++, Instants.toMicros(m.updatedAt()));
    setLong(ps, i++, Instants.toMicrosOrNull(m.lastAccessed()));
    ps.setLong(i++, m.version());
    ps.setString(i, m.updatedBy());
    ps.executeUpdate();
    for (String tag : m.tags()) {
      insertTag.setString(1, m.id());
      insertTag.setString(2, tag);
      insertTag.executeUpdate();
    }
  }

  @Override
  public void link(Relationship r) {
    try {
      insertRel(r);
      conn.commit();
    } catch (SQLException e) {
      throw rollback("link", e);
    }
  }

  @Override
  public void linkBatch(List<Relationship> relationships) {
    try {
      for (Relationship r : relationships) {
        insertRel(r);
      }
      conn.commit();
    } catch (SQLException e) {
      throw rollback("link batch", e);
    }
  }

  private void insertRel(Relationship r) throws SQLException {
    PreparedStatement ps = insertRel;
    ps.setString(1, r.id());
    ps.setString(2, r.fromId());
    ps.setString(3, r.toId());
    ps.setString(4, r.type().name());
    ps.setDouble(5, r.strength());
    ps.setDouble(6, r.confidence());
    ps.setString(7, r.context());
    ps.setLong(8, r.evidenceCount());
    setDouble(ps, 9, r.successRate());
    ps.setLong(10, Instants.toMicros(r.createdAt()));
    ps.setLong(11, Instants.toMicros(r.lastValidated()));
    ps.setLong(12, r.validationCount());
    ps.setLong(13, r.counterEvidenceCount());
    ps.setLong(14, Instants.toMicros(r.validFrom()));
    setLong(ps, 15, Instants.toMicrosOrNull(r.validUntil()));
    ps.setLong(16, Instants.toMicros(r.recordedAt()));
    ps.setString(17, r.invalidatedBy());
    ps.executeUpdate();
  }

  @Override
  public int search(Corpus.Query q) {
    String key = q.types().size() + "/" + q.tags().size();
    try {
      PreparedStatement ps = searches.get(key);
      if (ps == null) {
        ps = conn.prepareStatement(searchSql(q));
        searches.put(key, ps);
      }
      int n = runSearch(ps, q);
      conn.commit();
      return n;
    } catch (SQLException e) {
      throw rollback("search", e);
    }
  }

  static String searchSql(Corpus.Query q) {
    StringBuilder sql = new StringBuilder("SELECT ").append(memorySelect("m"))
        .append(" FROM memories_fts JOIN memories m ON m.rowid = memories_fts.rowid")
        .append(" WHERE memories_fts MATCH ?");
    if (!q.types().isEmpty()) {
      sql.append(" AND m.type IN (").append("?, ".repeat(q.types().size() - 1)).append("?)");
    }
    if (!q.tags().isEmpty()) {
      sql.append(" AND EXISTS (SELECT 1 FROM memory_tags t WHERE t.memory_id = m.id AND t.tag IN (")
          .append("?, ".repeat(q.tags().size() - 1)).append("?))");
    }
    return sql.append(" ORDER BY bm25(memories_fts), m.id LIMIT ").append(Corpus.SEARCH_LIMIT).toString();
  }

  /** The FTS5 expression: every word quoted (so it cannot be an operator), implicit AND. */
  static String match(List<String> terms) {
    StringBuilder b = new StringBuilder();
    for (String t : terms) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append('"').append(t.replace("\"", "\"\"")).append('"');
    }
    return b.toString();
  }

  private static int runSearch(PreparedStatement ps, Corpus.Query q) throws SQLException {
    int i = 1;
    ps.setString(i++, match(q.terms()));
    for (String t : q.types()) {
      ps.setString(i++, t);
    }
    for (String t : q.tags()) {
      ps.setString(i++, t);
    }
    int n = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        readMemory(rs, 1);
        n++;
      }
    }
    return n;
  }

  /** Reads every column, as an application would before building its own object. */
  private static Object[] readMemory(ResultSet rs, int first) throws SQLException {
    Object[] row = new Object[MEMORY_COLUMNS.length];
    for (int i = 0; i < row.length; i++) {
      row[i] = rs.getObject(first + i);
    }
    return row;
  }

  @Override
  public int traverse(Corpus.Traversal t) {
    try {
      int n = bfs(t);
      conn.commit();
      return n;
    } catch (SQLException e) {
      throw rollback("traverse", e);
    }
  }

  private int bfs(Corpus.Traversal t) throws SQLException {
    Map<String, Integer> seen = new LinkedHashMap<>();
    seen.put(t.start(), 0);
    List<String> frontier = List.of(t.start());
    List<Reached> reached = new ArrayList<>();
    for (int depth = 1; depth <= t.depth() && !frontier.isEmpty() && reached.size() < TRAVERSAL_LIMIT; depth++) {
      neighbours.setString(1, JsonText.array(frontier));
      List<String> next = new ArrayList<>();
      try (ResultSet rs = neighbours.executeQuery()) {
        while (rs.next()) {
          String from = rs.getString(2);
          String to = rs.getString(3);
          String other = frontierHas(seen, from, depth) ? to : from;
          Object[] rel = new Object[17];
          for (int i = 0; i < rel.length; i++) {
            rel[i] = rs.getObject(1 + i);
          }
          Object[] mem = readMemory(rs, 18);
          if (!seen.containsKey(other) && reached.size() < TRAVERSAL_LIMIT) {
            seen.put(other, depth);
            next.add(other);
            reached.add(new Reached(other, depth, rel, mem));
          }
        }
      }
      frontier = next;
    }
    reached.sort(Comparator.comparingInt(Reached::depth).thenComparing(Reached::id));
    return reached.size();
  }

  private static boolean frontierHas(Map<String, Integer> seen, String id, int depth) {
    Integer d = seen.get(id);
    return d != null && d == depth - 1;
  }

  private record Reached(String id, int depth, Object[] relationship, Object[] memory) {}

  @Override
  public AutoCloseable openAndSearch(Path location, Corpus.Query q) {
    try {
      Connection c = connect(location);
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(searchSql(q))) {
        runSearch(ps, q);
      }
      c.commit();
      return c;
    } catch (SQLException e) {
      throw new IllegalStateException("raw sqlite: cold open failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    if (conn == null) {
      return out;
    }
    try (Statement st = conn.createStatement()) {
      for (String q : List.of("sqlite_version()", "PRAGMA journal_mode", "PRAGMA synchronous")) {
        try (ResultSet rs = st.executeQuery(q.startsWith("PRAGMA") ? q : "SELECT " + q)) {
          if (rs.next()) {
            out.put(q.replace("PRAGMA ", "").replace("()", ""), rs.getString(1));
          }
        }
      }
      conn.commit();
    } catch (SQLException e) {
      out.put("error", e.getMessage());
    }
    return out;
  }

  private RuntimeException rollback(String what, SQLException e) {
    try {
      conn.rollback();
    } catch (SQLException suppressed) {
      e.addSuppressed(suppressed);
    }
    return new IllegalStateException("raw sqlite " + what + " failed: " + e.getMessage(), e);
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, v);
    }
  }

  private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.REAL);
    } else {
      ps.setDouble(i, v);
    }
  }

  @Override
  public void close() {
    if (conn == null) {
      return;
    }
    try {
      for (PreparedStatement ps : searches.values()) {
        ps.close();
      }
      searches.clear();
      conn.close();
    } catch (SQLException e) {
      throw new IllegalStateException("raw sqlite: close failed: " + e.getMessage(), e);
    } finally {
      conn = null;
    }
  }
}
