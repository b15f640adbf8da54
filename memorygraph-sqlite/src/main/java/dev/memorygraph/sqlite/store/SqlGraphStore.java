package dev.memorygraph.sqlite.store;

import dev.memorygraph.ConflictException;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.model.ChangeSet;
import dev.memorygraph.model.GraphStatistics;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryPath;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.MemoryUpdate;
import dev.memorygraph.model.Page;
import dev.memorygraph.model.PathOptions;
import dev.memorygraph.model.RecentActivity;
import dev.memorygraph.model.RecentActivityQuery;
import dev.memorygraph.model.RelatedMemory;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.RelationshipUpdate;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.model.TraversalOptions;
import dev.memorygraph.model.Validation;
import dev.memorygraph.spi.Instants;
import dev.memorygraph.spi.WriteRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every typed operation of the memory graph, written once over a {@link SqlExecutor}: the JDBC
 * executor of the SQLite backend runs it on a local file, a Turso backend can run the same
 * statements over HTTP.
 *
 * <p>Writes read what they need and write inside one {@link SqlExecutor#write} transaction, so
 * read-modify-write is atomic; reads that take several queries run in one
 * {@link SqlExecutor#read} snapshot.
 */
public class SqlGraphStore {
  private static final int CHUNK = NeighbourSql.MAX_IDS;
  /** Bulk imports at least this large may rebuild the FTS5 index instead of per-row upkeep. */
  static final int REBUILD_MIN_BATCH = 1000;

  private final SqlExecutor executor;
  private final StoreOptions options;
  private final Statements statements;
  private final SearchSql searchSql;
  private final boolean allowCycles;
  private final String selectMemory;
  private final String selectRelationship;

  /**
   * Creates the store.
   *
   * @param executor where statements run
   * @param options the schema's features (must match the database: see {@link Schema})
   * @param allowCycles false to reject a relationship that closes a directed cycle of current
   *     relationships of its type
   */
  public SqlGraphStore(SqlExecutor executor, StoreOptions options, boolean allowCycles) {
    this.executor = executor;
    this.options = options;
    this.statements = new Statements(options);
    this.searchSql = new SearchSql(options);
    this.allowCycles = allowCycles;
    this.selectMemory = "SELECT " + Mappers.MEMORY_COLUMNS + " FROM memories WHERE id = ?";
    this.selectRelationship = "SELECT " + Mappers.RELATIONSHIP_COLUMNS + " FROM relationships WHERE id = ?";
  }

  /** The executor statements run on. */
  public SqlExecutor executor() {
    return executor;
  }

  /** The schema features in use. */
  public StoreOptions options() {
    return options;
  }

  /** The statement builders in use. */
  public Statements statements() {
    return statements;
  }

  /** Whether same-type cycles are allowed. */
  public boolean allowCycles() {
    return allowCycles;
  }

  // ---- memories ----

  /** Upserts one memory (see {@link WriteRules#upsert}) and returns it as stored. */
  public Memory storeMemory(Memory m) {
    return executor.write(s -> {
      Memory existing = findMemory(s, m.id());
      Memory stored = WriteRules.upsert(existing, m, Validation.now());
      s.executeAll(statements.upsertMemory(stored, existing != null, true));
      return stored;
    });
  }

  /** Upserts many memories in one transaction; returns how many. */
  public int storeMemories(List<Memory> memories) {
    if (memories.isEmpty()) {
      return 0;
    }
    return executor.write(s -> {
      Instant now = Validation.now();
      long maxBefore = maxRowid(s);
      boolean empty = maxBefore == 0;
      // External-content FTS5 in main (SQLite's layout): the index rows of the memories new to
      // the store are written at the end by ONE statement over the rowids this batch added
      // (every new row gets a rowid above the old maximum; replaced rows keep theirs), instead
      // of one indexing statement and id lookup per row. Replaced rows are re-indexed row by
      // row (their old index entries must be deleted first).
      boolean deferNew = options.fts() && !options.ftsContentless();
      // Other layouts: rebuilding the index re-tokenises every row, so it only pays off on an
      // empty store; into a non-empty store it would redo the rows already indexed.
      boolean rebuild = !deferNew && options.fts() && memories.size() >= REBUILD_MIN_BATCH && empty;
      Map<String, Memory> written = new HashMap<>();
      Set<String> deferred = new HashSet<>();
      for (int from = 0; from < memories.size(); from += CHUNK) {
        List<Memory> chunk = memories.subList(from, Math.min(memories.size(), from + CHUNK));
        Set<String> ids = new HashSet<>();
        for (Memory m : chunk) {
          if (!written.containsKey(m.id())) {
            ids.add(m.id());
          }
        }
        Map<String, Memory> existing = ids.isEmpty() || empty ? Map.of() : loadMemories(s, ids);
        for (Memory m : chunk) {
          Memory old = written.containsKey(m.id()) ? written.get(m.id()) : existing.get(m.id());
          Memory stored = WriteRules.upsert(old, m, now);
          boolean index;
          if (deferNew && (old == null || deferred.contains(m.id()))) {
            // New in this batch (even when repeated in it): indexed once at the end.
            deferred.add(m.id());
            index = false;
          } else {
            index = !rebuild;
          }
          s.executeAll(statements.upsertMemory(stored, old != null, index));
          written.put(m.id(), stored);
        }
      }
      if (rebuild) {
        s.executeAll(statements.ftsRebuild());
      } else if (!deferred.isEmpty()) {
        s.execute(statements.ftsIndexRowsAfter(maxBefore));
      }
      return memories.size();
    });
  }

  /** The memory with this id. */
  public Optional<Memory> getMemory(String id) {
    // One statement: no explicit read transaction needed.
    List<Row> rows = executor.query(SqlStatement.of(selectMemory, id));
    return rows.isEmpty() ? Optional.empty() : Optional.of(Mappers.memory(rows.get(0)));
  }

  /** Applies a partial update atomically. */
  public Optional<Memory> updateMemory(String id, MemoryUpdate update) {
    return executor.write(s -> {
      Memory existing = findMemory(s, id);
      if (existing == null) {
        return Optional.<Memory>empty();
      }
      Memory updated = update.applyTo(existing, Validation.now());
      s.executeAll(statements.upsertMemory(updated, true, true));
      return Optional.of(updated);
    });
  }

  /** Deletes a memory, its tags, FTS row and relationships; false when it did not exist. */
  public boolean deleteMemory(String id) {
    return executor.write(s -> {
      List<SqlStatement> stmts = statements.deleteMemory(id);
      int last = 0;
      for (SqlStatement st : stmts) {
        last = s.execute(st);
      }
      return last > 0;
    });
  }

  /** Searches memories (see {@link SearchSql} for matching and order). */
  public Page<Memory> search(SearchQuery q) {
    if (q.hasText() && options.fts()) {
      return executor.read(s -> {
        // One statement for the page and the total (the MATCH runs once); the count query only
        // when the page is empty and so carries no total.
        List<Row> rows = s.query(searchSql.pageWithTotal(q));
        List<Memory> items = mapMemories(rows);
        long total = rows.isEmpty()
            ? (q.offset() == 0 ? 0 : s.query(searchSql.count(q)).get(0).getLong(0))
            : rows.get(0).getLong(Mappers.MEMORY_COLUMN_NAMES.size());
        return new Page<>(items, total, q.offset(), q.limit());
      });
    }
    return executor.read(s -> {
      // One query for the page (the memory rows come with the ranking), a second for the total
      // only when the page does not already tell it.
      List<Memory> items = mapMemories(s.query(searchSql.page(q)));
      long total;
      if (items.size() < q.limit() && (!items.isEmpty() || q.offset() == 0)) {
        total = (long) q.offset() + items.size();
      } else {
        total = s.query(searchSql.count(q)).get(0).getLong(0);
      }
      return new Page<>(items, total, q.offset(), q.limit());
    });
  }

  /** Streams every memory in id order, a page per read; returns how many. */
  public long exportMemories(Consumer<? super Memory> sink) {
    return exportInIdOrder(Mappers.MEMORY_COLUMNS, "memories", Mappers::memory, sink);
  }

  /**
   * Streams a table's rows in id order, one query of {@code CHUNK} rows after the last id seen
   * (the columns start with the id); returns how many.
   */
  private <T> long exportInIdOrder(String columns, String table, java.util.function.Function<Row, T> mapper,
      Consumer<? super T> sink) {
    long n = 0;
    String after = "";
    while (true) {
      List<Row> rows = executor.query(SqlStatement.of("SELECT " + columns + " FROM " + table
          + " WHERE id > ? ORDER BY id LIMIT ?", after, (long) CHUNK));
      for (Row r : rows) {
        sink.accept(mapper.apply(r));
        n++;
      }
      if (rows.size() < CHUNK) {
        return n;
      }
      after = rows.get(rows.size() - 1).getString(0);
    }
  }

  // ---- relationships ----

  /** Creates a relationship after the existence, id and cycle checks. */
  public Relationship createRelationship(Relationship r) {
    return executor.write(s -> {
      insertChecked(s, r);
      return r;
    });
  }

  /** Creates many relationships in one transaction, each checked; returns how many. */
  public int createRelationships(List<Relationship> rs) {
    if (rs.isEmpty()) {
      return 0;
    }
    return executor.write(s -> {
      for (Relationship r : rs) {
        insertChecked(s, r);
      }
      return rs.size();
    });
  }

  private void insertChecked(SqlSession s, Relationship r) {
    // One round trip for the three checks.
    Row check = s.query(SqlStatement.of("SELECT EXISTS (SELECT 1 FROM relationships WHERE id = ?),"
        + " EXISTS (SELECT 1 FROM memories WHERE id = ?), EXISTS (SELECT 1 FROM memories WHERE id = ?)",
        r.id(), r.fromId(), r.toId())).get(0);
    if (check.getLong(0) != 0) {
      throw new ConflictException("relationship already exists: " + r.id());
    }
    if (check.getLong(1) == 0) {
      throw new NotFoundException("memory", r.fromId());
    }
    if (check.getLong(2) == 0) {
      throw new NotFoundException("memory", r.toId());
    }
    if (!allowCycles && r.isCurrent() && reaches(s, r.toId(), r.fromId(), r.type())) {
      throw new ConflictException("relationship " + r.type() + " from " + r.fromId() + " to " + r.toId()
          + " would close a cycle of current " + r.type() + " relationships (cycles are disabled)");
    }
    s.execute(statements.insertRelationship(r));
  }

  /** Whether {@code target} is reachable from {@code start} along current edges of one type. */
  private static boolean reaches(SqlSession s, String start, String target, RelationshipType type) {
    Set<String> seen = new HashSet<>();
    seen.add(start);
    List<String> frontier = List.of(start);
    while (!frontier.isEmpty()) {
      List<String> next = new ArrayList<>();
      for (List<String> chunk : chunks(frontier)) {
        for (Row row : s.query(NeighbourSql.currentTargets(chunk, type))) {
          String v = row.getString(0);
          if (v.equals(target)) {
            return true;
          }
          if (seen.add(v)) {
            next.add(v);
          }
        }
      }
      frontier = next;
    }
    return false;
  }

  /** The relationship with this id. */
  public Optional<Relationship> getRelationship(String id) {
    List<Row> rows = executor.query(SqlStatement.of(selectRelationship, id));
    return rows.isEmpty() ? Optional.empty() : Optional.of(Mappers.relationship(rows.get(0)));
  }

  /** Applies a partial update. */
  public Optional<Relationship> updateRelationship(String id, RelationshipUpdate update) {
    return executor.write(s -> {
      Relationship r = findRelationship(s, id);
      if (r == null) {
        return Optional.<Relationship>empty();
      }
      Relationship u = update.applyTo(r);
      if (!u.equals(r)) {
        s.execute(statements.updateRelationship(u));
      }
      return Optional.of(u);
    });
  }

  /** Deletes one relationship; false when it did not exist. */
  public boolean deleteRelationship(String id) {
    return executor.write(s -> s.execute(statements.deleteRelationship(id)) > 0);
  }

  /** Ends a relationship's validity (see {@link WriteRules#invalidate}). */
  public Optional<Relationship> invalidateRelationship(String id, Instant at, String invalidatedBy) {
    return executor.write(s -> {
      Relationship r = findRelationship(s, id);
      if (r == null) {
        return Optional.<Relationship>empty();
      }
      Relationship u = WriteRules.invalidate(r, at, invalidatedBy);
      if (!u.equals(r)) {
        s.execute(statements.updateRelationship(u));
      }
      return Optional.of(u);
    });
  }

  /** Streams every relationship in id order, a page per read; returns how many. */
  public long exportRelationships(Consumer<? super Relationship> sink) {
    return exportInIdOrder(Mappers.RELATIONSHIP_COLUMNS, "relationships", Mappers::relationship, sink);
  }

  // ---- graph ----

  /** Memories reachable from {@code id}; see {@link RelatedMemory} for the order. */
  public List<RelatedMemory> related(String id, TraversalOptions o) {
    return executor.read(s -> {
      // No separate existence check: a missing memory has no edges (deletes cascade), and the
      // start is loaded with the results to rule out dangling edges.
      Traversal t = new Traversal(s, id, o.direction(), o.types(), o.asOf());
      t.expand(o.maxDepth(), o.limit(), null);
      List<Traversal.Reached> reached = t.reached(o.limit());
      if (reached.isEmpty()) {
        return List.<RelatedMemory>of();
      }
      List<String> ids = new ArrayList<>(reached.size() + 1);
      ids.add(id);
      for (Traversal.Reached r : reached) {
        ids.add(r.id());
      }
      Map<String, Memory> memories = loadMemories(s, ids);
      if (!memories.containsKey(id)) {
        return List.<RelatedMemory>of();
      }
      List<Traversal.Edge> vias = new ArrayList<>(reached.size());
      for (Traversal.Reached r : reached) {
        vias.add(r.via());
      }
      Map<String, Relationship> rels = t.relationshipsOf(vias);
      List<RelatedMemory> out = new ArrayList<>(reached.size());
      for (Traversal.Reached r : reached) {
        Memory m = memories.get(r.id());
        Relationship via = rels.get(r.via().id());
        if (m != null && via != null) {
          out.add(RelatedMemory.of(m, via, r.depth()));
        }
      }
      return out;
    });
  }

  /** A shortest path within the options' limits. */
  public Optional<MemoryPath> findPath(String fromId, String toId, PathOptions o) {
    return executor.read(s -> {
      Map<String, Memory> ends = loadMemories(s, List.of(fromId, toId));
      if (!ends.containsKey(fromId) || !ends.containsKey(toId)) {
        return Optional.<MemoryPath>empty();
      }
      if (fromId.equals(toId)) {
        return Optional.of(new MemoryPath(List.of(ends.get(fromId)), List.of()));
      }
      Traversal t = new Traversal(s, fromId, o.direction(), o.types(), o.asOf());
      t.expand(o.maxDepth(), Integer.MAX_VALUE, toId);
      Optional<Traversal.PathSteps> steps = t.shortestPath(toId);
      if (steps.isEmpty()) {
        return Optional.<MemoryPath>empty();
      }
      Map<String, Memory> memories = loadMemories(s, steps.get().vertices());
      Map<String, Relationship> rels = t.relationshipsOf(steps.get().edges());
      List<Memory> path = new ArrayList<>();
      for (String v : steps.get().vertices()) {
        Memory m = memories.get(v);
        if (m == null) {
          return Optional.<MemoryPath>empty();
        }
        path.add(m);
      }
      List<Relationship> edges = new ArrayList<>();
      for (Traversal.Edge e : steps.get().edges()) {
        Relationship r = rels.get(e.id());
        if (r == null) {
          return Optional.<MemoryPath>empty();
        }
        edges.add(r);
      }
      return Optional.of(new MemoryPath(path, edges));
    });
  }

  /** Every relationship touching a memory, by validFrom, recordedAt, id. */
  public List<Relationship> history(String memoryId) {
    List<Row> rows = executor.query(SqlStatement.of("SELECT " + Mappers.RELATIONSHIP_COLUMNS
        + " FROM relationships WHERE from_id = ? UNION ALL SELECT " + Mappers.RELATIONSHIP_COLUMNS
        + " FROM relationships WHERE to_id = ? ORDER BY valid_from, recorded_at, id", memoryId, memoryId));
    List<Relationship> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(Mappers.relationship(r));
    }
    return out;
  }

  /** What changed since an instant (see {@link ChangeSet}). */
  public ChangeSet changesSince(Instant since) {
    long t = Instants.toMicros(since);
    return executor.read(s -> {
      List<Row> mr = s.query(SqlStatement.of("SELECT " + Mappers.MEMORY_COLUMNS
          + " FROM memories WHERE updated_at >= ? ORDER BY updated_at, id LIMIT ?", t, (long) ChangeSet.MAX_ITEMS + 1));
      List<Row> rr = s.query(SqlStatement.of("SELECT " + Mappers.RELATIONSHIP_COLUMNS
          + " FROM relationships WHERE recorded_at >= ? OR valid_until >= ?"
          + " ORDER BY max(recorded_at, coalesce(valid_until, recorded_at)), id LIMIT ?",
          t, t, (long) ChangeSet.MAX_ITEMS + 1));
      boolean truncated = mr.size() > ChangeSet.MAX_ITEMS || rr.size() > ChangeSet.MAX_ITEMS;
      List<Memory> ms = new ArrayList<>();
      for (int i = 0; i < Math.min(mr.size(), ChangeSet.MAX_ITEMS); i++) {
        ms.add(Mappers.memory(mr.get(i)));
      }
      List<Relationship> rs = new ArrayList<>();
      for (int i = 0; i < Math.min(rr.size(), ChangeSet.MAX_ITEMS); i++) {
        rs.add(Mappers.relationship(rr.get(i)));
      }
      return new ChangeSet(since, ms, rs, truncated);
    });
  }

  /** Counts over the graph. */
  public GraphStatistics statistics() {
    return executor.read(s -> {
      Map<MemoryType, Long> byType = new EnumMap<>(MemoryType.class);
      long memories = 0;
      for (Row r : s.query(SqlStatement.of("SELECT type, count(*) FROM memories GROUP BY type"))) {
        byType.put(MemoryType.parse(r.getString(0)), r.getLong(1));
        memories += r.getLong(1);
      }
      double avg = s.query(SqlStatement.of("SELECT coalesce(avg(importance), 0) FROM memories")).get(0).getDouble(0);
      Row counts = s.query(SqlStatement.of(
          "SELECT count(*), coalesce(sum(valid_until IS NULL), 0) FROM relationships")).get(0);
      Map<RelationshipType, Long> relByType = new EnumMap<>(RelationshipType.class);
      for (Row r : s.query(SqlStatement.of(
          "SELECT type, count(*) FROM relationships WHERE valid_until IS NULL GROUP BY type"))) {
        relByType.put(RelationshipType.valueOf(r.getString(0)), r.getLong(1));
      }
      return new GraphStatistics(memories, counts.getLong(0), counts.getLong(1), byType, relByType,
          memories == 0 ? 0d : avg);
    });
  }

  /** Recent activity (see {@link RecentActivity}). */
  public RecentActivity recentActivity(RecentActivityQuery q) {
    Instant since = Validation.now().minus(Duration.ofDays(q.days()));
    long t = Instants.toMicros(since);
    String project = q.projectPath() == null ? "" : " AND m.project_path = ?";
    return executor.read(s -> {
      List<Object> base = new ArrayList<>();
      base.add(t);
      if (q.projectPath() != null) {
        base.add(q.projectPath());
      }
      Map<MemoryType, Long> byType = new EnumMap<>(MemoryType.class);
      long total = 0;
      for (Row r : s.query(new SqlStatement("SELECT m.type, count(*) FROM memories m WHERE m.updated_at >= ?"
          + project + " GROUP BY m.type", base))) {
        byType.put(MemoryType.parse(r.getString(0)), r.getLong(1));
        total += r.getLong(1);
      }
      List<Object> args = new ArrayList<>(base);
      args.add((long) q.limit());
      List<Memory> recent = mapMemories(s.query(new SqlStatement("SELECT " + Mappers.memoryColumns("m")
          + " FROM memories m WHERE m.updated_at >= ?" + project
          + " ORDER BY m.updated_at DESC, m.id LIMIT ?", args)));
      List<Object> uargs = new ArrayList<>(base);
      uargs.add(MemoryType.PROBLEM.id());
      uargs.add(MemoryType.ERROR.id());
      uargs.add(RelationshipType.SOLVES.name());
      uargs.add(RelationshipType.ADDRESSES.name());
      uargs.add((long) q.limit());
      List<Memory> unresolved = mapMemories(s.query(new SqlStatement("SELECT " + Mappers.memoryColumns("m")
          + " FROM memories m WHERE m.updated_at >= ?" + project + " AND m.type IN (?, ?)"
          + " AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.to_id = m.id AND r.type IN (?, ?)"
          + " AND +r.valid_until IS NULL) ORDER BY m.updated_at DESC, m.id LIMIT ?", uargs)));
      return new RecentActivity(since, total, byType, recent, unresolved);
    });
  }

  // ---- helpers shared by the operations ----

  /** The memory with this id, read on the given session, or null. */
  public Memory findMemory(SqlSession s, String id) {
    List<Row> rows = s.query(SqlStatement.of(selectMemory, id));
    return rows.isEmpty() ? null : Mappers.memory(rows.get(0));
  }

  /** The relationship with this id, read on the given session, or null. */
  public Relationship findRelationship(SqlSession s, String id) {
    List<Row> rows = s.query(SqlStatement.of(selectRelationship, id));
    return rows.isEmpty() ? null : Mappers.relationship(rows.get(0));
  }

  /** Loads memories by id, in batches of {@value NeighbourSql#MAX_IDS}; missing ids are absent. */
  public static Map<String, Memory> loadMemories(SqlSession s, Collection<String> ids) {
    Map<String, Memory> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(ids)))) {
      List<Object> args = NeighbourSql.padded(chunk);
      for (Row r : s.query(new SqlStatement("SELECT " + Mappers.MEMORY_COLUMNS + " FROM memories WHERE id IN ("
          + SearchSql.marks(args.size()) + ")", args))) {
        Memory m = Mappers.memory(r);
        out.put(m.id(), m);
      }
    }
    return out;
  }

  private static List<Memory> mapMemories(List<Row> rows) {
    List<Memory> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(Mappers.memory(r));
    }
    return out;
  }

  private static long maxRowid(SqlSession s) {
    return s.query(SqlStatement.of("SELECT coalesce(max(rowid), 0) FROM memories")).get(0).getLong(0);
  }

  static List<List<String>> chunks(List<String> ids) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += CHUNK) {
      out.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
    }
    return out;
  }
}
