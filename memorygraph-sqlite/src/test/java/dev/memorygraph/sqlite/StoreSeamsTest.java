package dev.memorygraph.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.ValidationException;
import dev.memorygraph.model.Direction;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.MemoryUpdate;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelatedMemory;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.model.TraversalOptions;
import dev.memorygraph.sqlite.store.Codec;
import dev.memorygraph.sqlite.store.NamedParameters;
import dev.memorygraph.sqlite.store.Row;
import dev.memorygraph.sqlite.store.Schema;
import dev.memorygraph.sqlite.store.SearchSql;
import dev.memorygraph.sqlite.store.SqlExecutor;
import dev.memorygraph.sqlite.store.SqlGraphStore;
import dev.memorygraph.sqlite.store.SqlSession;
import dev.memorygraph.sqlite.store.SqlStatement;
import dev.memorygraph.sqlite.store.Statements;
import dev.memorygraph.sqlite.store.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pieces of the SQL store that the Turso backend reuses, tested on real SQLite files. */
class StoreSeamsTest {
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    dirs.forEach(TestFiles::deleteTree);
  }

  private JdbcSqlExecutor executor() {
    Path db = TestFiles.newDb("seams");
    dirs.add(db.getParent());
    JdbcSqlExecutor ex = new JdbcSqlExecutor(db, new JdbcSqlExecutor.Settings(2, false, 5_000));
    open.add(ex);
    return ex;
  }

  private static Memory memory(String id, String title, String content, String... tags) {
    return Memory.builder().id(id).title(title).content(content).tags(tags).build();
  }

  @Test
  void jsonCodecRoundTripsAwkwardStrings() {
    List<String> list = List.of("plain", "quote \" and \\ backslash", "new\nline\ttab", "ünïcödé 🚀", "\u0001ctl", "");
    assertThat(Codec.parseList(Codec.jsonList(list))).isEqualTo(list);
    Map<String, String> map = new LinkedHashMap<>();
    map.put("b", "x\"y");
    map.put("a", "multi\nline");
    assertThat(Codec.parseMap(Codec.jsonMap(map))).isEqualTo(Map.of("a", "multi\nline", "b", "x\"y"));
    assertThat(Codec.jsonList(List.of())).isNull();
    assertThat(Codec.parseList(null)).isEmpty();
    assertThat(Codec.parseMap(null)).isEmpty();
    assertThat(Codec.splitTags(Codec.joinTags(List.of("a b", "c")))).containsExactly("a b", "c");
  }

  @Test
  void matchExpressionQuotesEveryTermAndCarriesNoOperators() {
    SearchQuery q = SearchQuery.text("retry\" OR title:x* NEAR(a b) -c");
    String expr = SearchSql.matchExpression(q.terms());
    assertThat(expr).isEqualTo("\"retry\" \"or\" \"title\" \"x\" \"near\" \"a\" \"b\" \"c\"");
    SqlStatement page = new SearchSql(StoreOptions.SQLITE).pageIds(q);
    assertThat(page.sql()).doesNotContain("retry").doesNotContain("title:x");
    assertThat(page.args()).contains(expr);
  }

  @Test
  void namedAndPositionalParametersBindAsArguments() {
    SqlStatement s = NamedParameters.bind(
        "SELECT ':skip', \"@col\" FROM t WHERE a = :a AND b = @b -- :c\n AND c = $c /* :d */",
        Map.of("a", 1, "b", "x", "c", true));
    assertThat(s.sql()).isEqualTo("SELECT ':skip', \"@col\" FROM t WHERE a = ? AND b = ? -- :c\n AND c = ? /* :d */");
    assertThat(s.args()).containsExactly(1L, "x", 1L);
    assertThat(NamedParameters.bind("SELECT ?, ?", Map.of("1", "a", "2", 2.5)).args()).containsExactly("a", 2.5);
    assertThatThrownBy(() -> NamedParameters.bind("SELECT :missing", Map.of()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("missing");
    assertThatThrownBy(() -> NamedParameters.bind("SELECT :o", Map.of("o", new Object())))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void statementsCarryClientComputedValuesOnly() {
    Statements st = new Statements(StoreOptions.SQLITE);
    Memory m = Memory.builder().id("m1").title("t").content("c").tags("x", "y")
        .context(MemoryContext.builder().languages(List.of("java")).build()).build();
    List<SqlStatement> all = new ArrayList<>(st.upsertMemory(m, true, true));
    all.addAll(st.deleteMemory("m1"));
    all.add(st.insertRelationship(Relationship.builder("m1", "m2", RelationshipType.SOLVES).build()));
    for (SqlStatement s : all) {
      String sql = s.sql().toLowerCase(java.util.Locale.ROOT);
      assertThat(sql).doesNotContain("current_timestamp").doesNotContain("random(")
          .doesNotContain("last_insert_rowid").doesNotContain("datetime(");
      for (Object a : s.args()) {
        assertThat(a == null || a instanceof String || a instanceof Long || a instanceof Double)
            .as("argument type of " + s.sql()).isTrue();
      }
    }
  }

  @Test
  void migrationsAreIdempotentAndRefuseANewerDatabase() {
    JdbcSqlExecutor ex = executor();
    assertThat(Schema.migrate(ex, StoreOptions.SQLITE, 1L)).containsExactly(1);
    assertThat(Schema.migrate(ex, StoreOptions.SQLITE, 2L)).isEmpty();
    assertThat(Schema.prepare(ex, StoreOptions.SQLITE, 3L)).isEqualTo(StoreOptions.SQLITE);
    assertThat(ex.query(SqlStatement.of("SELECT count(*) FROM schema_version")).get(0).getLong(0)).isEqualTo(1);
    ex.write(s -> s.execute(SqlStatement.of("INSERT INTO schema_version VALUES (99, 'future', 0)")));
    assertThatThrownBy(() -> Schema.prepare(ex, StoreOptions.SQLITE, 4L))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("99");
  }

  @Test
  void fts5IsProbedAndAnExistingFileKeepsItsSchema() {
    JdbcSqlExecutor ex = executor();
    assertThat(ex.write(Schema::probeFts5)).isTrue();
    StoreOptions built = Schema.prepare(ex, StoreOptions.NO_FTS, 1L);
    assertThat(built.fts()).isFalse();
    assertThat(built.searchText()).isTrue();
    // Asking for FTS5 later does not change a file built without it.
    assertThat(Schema.prepare(ex, StoreOptions.SQLITE, 2L)).isEqualTo(built);
  }

  @Test
  void writeTransactionsRollBackEverythingOnFailure() {
    JdbcSqlExecutor ex = executor();
    StoreOptions o = Schema.prepare(ex, StoreOptions.SQLITE, 1L);
    Statements st = new Statements(o);
    assertThatThrownBy(() -> ex.write(s -> {
      s.executeAll(st.upsertMemory(memory("a", "first", "content"), false, true));
      throw new IllegalStateException("boom");
    })).hasMessage("boom");
    assertThat(ex.query(SqlStatement.of("SELECT count(*) FROM memories")).get(0).getLong(0)).isZero();
    assertThat(ex.query(SqlStatement.of("SELECT count(*) FROM memories_fts")).get(0).getLong(0)).isZero();
  }

  @Test
  void readersAreQueryOnly() {
    JdbcSqlExecutor ex = executor();
    Schema.prepare(ex, StoreOptions.SQLITE, 1L);
    assertThatThrownBy(() -> ex.read(s -> s.execute(SqlStatement.of("DELETE FROM memories"))))
        .isInstanceOf(SqliteException.class)
        .satisfies(e -> assertThat(((SqliteException) e).resultCode()).isEqualTo(SqliteException.SQLITE_READONLY));
  }

  @Test
  void ftsStaysInStepThroughUpdatesDeletesAndBulkRebuilds() {
    for (StoreOptions wanted : List.of(StoreOptions.SQLITE, new StoreOptions(true, "main", true, false))) {
      JdbcSqlExecutor ex = executor();
      StoreOptions o = Schema.prepare(ex, wanted, 1L);
      assertThat(o).isEqualTo(wanted);
      SqlGraphStore store = new SqlGraphStore(ex, o, true);
      List<Memory> bulk = new ArrayList<>();
      for (int i = 0; i < 1500; i++) {
        bulk.add(memory("m" + i, "bulk item " + i, i % 2 == 0 ? "even retrying" : "odd Ärger", "t" + (i % 3)));
      }
      assertThat(store.storeMemories(bulk)).isEqualTo(1500);
      assertFtsIntact(ex, o);
      assertThat(store.search(SearchQuery.text("retries")).total()).isEqualTo(750);
      assertThat(store.search(SearchQuery.text("ärger")).total()).isEqualTo(750);
      store.updateMemory("m0", MemoryUpdate.builder().content("now about ärger").build());
      assertThat(store.search(SearchQuery.text("retry")).total()).isEqualTo(749);
      assertThat(store.search(SearchQuery.text("ÄRGER")).total()).isEqualTo(751);
      store.deleteMemory("m1");
      assertThat(store.search(SearchQuery.text("ärger")).total()).isEqualTo(750);
      store.storeMemory(memory("m2", "replaced", "nothing in common", "t9"));
      assertThat(store.search(SearchQuery.text("retry")).total()).isEqualTo(748);
      assertThat(store.search(SearchQuery.builder().text("replaced").tags("t9").build()).items())
          .extracting(Memory::id).containsExactly("m2");
      assertFtsIntact(ex, o);
      // A small batch over existing rows maintains the index row by row.
      assertThat(store.storeMemories(List.of(memory("m4", "four", "plain words"), memory("new", "fresh", "retry")))).isEqualTo(2);
      assertThat(store.search(SearchQuery.text("retry")).total()).isEqualTo(748);
      assertFtsIntact(ex, o);
    }
  }

  @Test
  void fallbackSearchMatchesLowerCasedSubstringsWithoutFts() {
    JdbcSqlExecutor ex = executor();
    StoreOptions o = Schema.prepare(ex, StoreOptions.NO_FTS, 1L);
    SqlGraphStore store = new SqlGraphStore(ex, o, true);
    store.storeMemory(memory("b", "Straße ÄRGER", "retrying later", "Tag"));
    store.storeMemory(memory("a", "other", "retry now", "x"));
    assertThat(store.search(SearchQuery.text("ärger")).items()).extracting(Memory::id).containsExactly("b");
    assertThat(store.search(SearchQuery.text("retry")).items()).extracting(Memory::id).containsExactly("a", "b");
    assertThat(store.search(SearchQuery.text("retries")).items()).isEmpty();
    assertThat(store.search(SearchQuery.text("tag retrying")).items()).extracting(Memory::id).containsExactly("b");
  }

  @Test
  void traversalReadsOneEdgeQueryPerLevelAndBatchesTheRows() {
    JdbcSqlExecutor ex = executor();
    StoreOptions o = Schema.prepare(ex, StoreOptions.SQLITE, 1L);
    List<String> queries = new ArrayList<>();
    SqlExecutor counting = new SqlExecutor() {
      @Override
      public <T> T read(java.util.function.Function<SqlSession, T> work) {
        return ex.read(s -> work.apply(new SqlSession() {
          @Override
          public List<Row> query(SqlStatement st) {
            queries.add(st.sql());
            return s.query(st);
          }

          @Override
          public int execute(SqlStatement st) {
            return s.execute(st);
          }
        }));
      }

      @Override
      public <T> T write(java.util.function.Function<SqlSession, T> work) {
        return ex.write(work);
      }
    };
    SqlGraphStore store = new SqlGraphStore(ex, o, true);
    // A binary tree of depth 4 below "n1": 2 + 4 + 8 + 16 memories.
    List<Memory> ms = new ArrayList<>();
    List<Relationship> rs = new ArrayList<>();
    for (int i = 1; i < 32; i++) {
      ms.add(memory("n" + i, "node " + i, "content"));
      if (i > 1) {
        rs.add(Relationship.builder("n" + (i / 2), "n" + i, RelationshipType.LEADS_TO).id("e" + i).build());
      }
    }
    store.storeMemories(ms);
    store.createRelationships(rs);
    List<RelatedMemory> out = new SqlGraphStore(counting, o, true).related("n1",
        TraversalOptions.builder().maxDepth(3).direction(Direction.OUTGOING).build());
    assertThat(out).hasSize(14);
    assertThat(out.get(0).memory().id()).isEqualTo("n2");
    assertThat(out.get(13).depth()).isEqualTo(3);
    assertThat(out).allSatisfy(r -> assertThat(r.direction()).isEqualTo(Direction.OUTGOING));
    // 3 levels (full edge rows, so the result's relationships need no second read) + one
    // memory batch: no per-row queries.
    assertThat(queries).hasSize(4);
    assertThat(queries.subList(0, 3)).allSatisfy(q -> assertThat(q).startsWith("SELECT id, from_id, to_id, type,")
        .contains("FROM relationships"));
    assertThat(queries.get(3)).contains("FROM memories WHERE id IN");
    // Every reported relationship is the stored one.
    assertThat(out).allSatisfy(r -> assertThat(r.relationship()).isEqualTo(
        store.getRelationship(r.relationship().id()).orElseThrow()));
  }

  private static void assertFtsIntact(JdbcSqlExecutor ex, StoreOptions o) {
    if (!o.ftsContentless()) {
      ex.write(s -> s.execute(SqlStatement.of("INSERT INTO memories_fts(memories_fts) VALUES ('integrity-check')")));
    }
    long rows = ex.query(SqlStatement.of("SELECT count(*) FROM memories")).get(0).getLong(0);
    long indexed = ex.query(SqlStatement.of("SELECT count(*) FROM memories_fts_docsize")).get(0).getLong(0);
    assertThat(indexed).isEqualTo(rows);
  }
}
