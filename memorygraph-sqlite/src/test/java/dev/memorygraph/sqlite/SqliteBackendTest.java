package dev.memorygraph.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.ValidationException;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.model.Capability;
import dev.memorygraph.model.HealthStatus;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.Page;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.spi.GraphBackendProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backend-specific behaviour beyond the TCK: provider, configuration, health, native queries. */
class SqliteBackendTest {
  private final List<Path> dirs = new ArrayList<>();

  @AfterEach
  void clean() {
    dirs.forEach(TestFiles::deleteTree);
  }

  private Path newDir() {
    Path d = TestFiles.newDir("backend");
    dirs.add(d);
    return d;
  }

  @Test
  void providerIsFoundByServiceLoaderAndCreatesParentDirectories() {
    GraphBackendProvider p = ServiceLoader.load(GraphBackendProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(x -> x.name().equals("sqlite")).findFirst().orElseThrow();
    assertThat(p.aliases()).containsExactly("sqlite3");
    assertThat(p.autoPriority()).isZero();
    assertThat(p.isConfigured(MemoryGraphConfig.of(Map.of()))).isTrue();
    Path db = newDir().resolve("nested/deeper/memory.db");
    MemoryGraphConfig cfg = MemoryGraphConfig.of(Map.of(ConfigKeys.MEMORY_SQLITE_PATH, db.toString(),
        ConfigKeys.MEMORY_ALLOW_CYCLES, "false"));
    SqliteBackend b = (SqliteBackend) p.create(cfg);
    assertThat(b.allowCycles()).isFalse();
    try (MemoryGraph g = MemoryGraph.open(b)) {
      g.store(Memory.builder().title("t").content("c").build());
    }
    assertThat(Files.exists(db)).isTrue();
  }

  @Test
  void bulkUpsertsAnIdRepeatedInOneBatchAndIdsAlreadyStoredAndReindexesTheirText() {
    Path db = newDir().resolve("memory.db");
    try (MemoryGraph g = MemoryGraph.open(SqliteBackend.builder().path(db).build())) {
      Memory kept = g.store(Memory.builder().id("m-kept").title("alpha heron").content("c").tags("old").build());
      List<Memory> batch = new ArrayList<>();
      for (int i = 0; i < 1200; i++) {
        batch.add(Memory.builder().id("m-" + i).title("bulk item " + i).content("filler").build());
      }
      batch.add(Memory.builder().id("m-kept").title("bravo egret").content("c").tags("new").build());
      batch.add(Memory.builder().id("m-7").title("charlie ibis").content("c").build());
      assertThat(g.storeAll(batch)).isEqualTo(batch.size());

      Memory replaced = g.get("m-kept").orElseThrow();
      assertThat(replaced.title()).isEqualTo("bravo egret");
      assertThat(replaced.tags()).containsExactly("new");
      assertThat(replaced.version()).isEqualTo(kept.version() + 1);
      assertThat(replaced.createdAt()).isEqualTo(kept.createdAt());
      Memory twice = g.get("m-7").orElseThrow();
      assertThat(twice.title()).isEqualTo("charlie ibis");
      assertThat(twice.version()).isEqualTo(batch.get(7).version() + 1);
      // The FTS rows follow the replacements: old text gone, new text found, one row each.
      assertThat(g.search("heron").total()).isZero();
      assertThat(g.search("egret").items()).extracting(Memory::id).containsExactly("m-kept");
      assertThat(g.search("ibis").items()).extracting(Memory::id).containsExactly("m-7");
      assertThat(g.search(SearchQuery.builder().text("bulk").tags("new").build()).total()).isZero();
      assertThat(g.search(SearchQuery.builder().text("egret").tags("new").build()).total()).isEqualTo(1);
      assertThat(g.search("bulk").total()).isEqualTo(1199);
      assertFtsMatchesTheTable(g);
      // A second batch over the same ids replaces them all (each re-indexed row by row).
      List<Memory> again = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        again.add(Memory.builder().id("m-" + i).title("second pass " + i).content("filler").build());
      }
      g.storeAll(again);
      assertThat(g.search("bulk").total()).isEqualTo(200);
      assertThat(g.search("second").total()).isEqualTo(1000);
      assertFtsMatchesTheTable(g);
    }
    // Into an empty store the index is rebuilt once at the end of the batch.
    Path fresh = newDir().resolve("fresh.db");
    try (MemoryGraph g = MemoryGraph.open(SqliteBackend.builder().path(fresh).build())) {
      assertThat(g.storeAll(batch(1200, "m-3", "delta plover"))).isEqualTo(1201);
      assertThat(g.search("bulk").total()).isEqualTo(1199);
      assertThat(g.search("plover").items()).extracting(Memory::id).containsExactly("m-3");
      assertThat(g.get("m-3").orElseThrow().version()).isEqualTo(2);
      assertFtsMatchesTheTable(g);
    }
  }

  /** FTS5's own check that the index holds exactly the external content's rows and terms. */
  private static void assertFtsMatchesTheTable(MemoryGraph g) {
    g.executeQuery("INSERT INTO memories_fts(memories_fts, rank) VALUES ('integrity-check', 1)", Map.of(), true);
    long rows = ((Number) g.executeQuery("SELECT count(*) AS n FROM memories", Map.of(), false).get(0).get("n")).longValue();
    long indexed = ((Number) g.executeQuery("SELECT count(*) AS n FROM memories_fts_docsize", Map.of(), false)
        .get(0).get("n")).longValue();
    assertThat(indexed).isEqualTo(rows);
  }

  private static List<Memory> batch(int n, String repeatedId, String repeatedTitle) {
    List<Memory> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Memory.builder().id("m-" + i).title("bulk item " + i).content("filler").version(1).build());
    }
    out.add(Memory.builder().id(repeatedId).title(repeatedTitle).content("c").version(1).build());
    return out;
  }

  @Test
  void searchTotalsComeWithThePageForFullPagesFiltersAndOffsets() {
    Path db = newDir().resolve("memory.db");
    try (MemoryGraph g = MemoryGraph.open(SqliteBackend.builder().path(db).build())) {
      for (int i = 0; i < 30; i++) {
        g.store(Memory.builder().id(String.format("s-%02d", i)).title("lantern " + i).content("x")
            .type(i % 3 == 0 ? MemoryType.SOLUTION : MemoryType.GENERAL).build());
      }
      Page<Memory> first = g.search(SearchQuery.builder().text("lantern").limit(7).build());
      assertThat(first.items()).hasSize(7);
      assertThat(first.total()).isEqualTo(30);
      Page<Memory> filtered = g.search(SearchQuery.builder().text("lantern").types(MemoryType.SOLUTION).limit(4).build());
      assertThat(filtered.items()).hasSize(4).allMatch(m -> m.type() == MemoryType.SOLUTION);
      assertThat(filtered.total()).isEqualTo(10);
      Page<Memory> last = g.search(SearchQuery.builder().text("lantern").limit(7).offset(28).build());
      assertThat(last.items()).hasSize(2);
      assertThat(last.total()).isEqualTo(30);
      Page<Memory> beyond = g.search(SearchQuery.builder().text("lantern").limit(7).offset(40).build());
      assertThat(beyond.items()).isEmpty();
      assertThat(beyond.total()).isEqualTo(30);
      List<String> paged = new ArrayList<>();
      for (int off = 0; off < 30; off += 7) {
        g.search(SearchQuery.builder().text("lantern").limit(7).offset(off).build()).items()
            .forEach(m -> paged.add(m.id()));
      }
      assertThat(paged).doesNotHaveDuplicates().hasSize(30);
    }
  }

  @Test
  void pagesThatCutThroughEqualRanksKeepTheIdOrderWithAndWithoutFilters() {
    // Only the matches ranked up to a page's last rank are read from memories: ties at the
    // page's edge must still come in id order, and the page after must continue exactly there.
    Path db = newDir().resolve("memory.db");
    try (MemoryGraph g = MemoryGraph.open(SqliteBackend.builder().path(db).build())) {
      List<String> tied = new ArrayList<>();
      for (int i : new int[] {7, 2, 9, 0, 5, 11, 3, 8, 1, 10, 6, 4}) {
        String id = String.format("tie-%02d", i);
        tied.add(id);
        g.store(Memory.builder().id(id).title("kestrel").content("same body")
            .type(i % 2 == 0 ? MemoryType.SOLUTION : MemoryType.GENERAL).build());
      }
      g.store(Memory.builder().id("top").title("kestrel kestrel kestrel").content("kestrel").type(MemoryType.GENERAL).build());
      g.store(Memory.builder().id("other").title("unrelated").content("nothing").build());
      tied.sort(null);
      List<String> expected = new ArrayList<>();
      expected.add("top");
      expected.addAll(tied);
      for (int limit : new int[] {1, 4, 5, 13, 20}) {
        List<String> paged = new ArrayList<>();
        for (int off = 0; off < expected.size(); off += limit) {
          Page<Memory> p = g.search(SearchQuery.builder().text("kestrel").limit(limit).offset(off).build());
          assertThat(p.total()).isEqualTo(expected.size());
          p.items().forEach(m -> paged.add(m.id()));
        }
        assertThat(paged).as("limit %d", limit).containsExactlyElementsOf(expected);
      }
      List<String> solutions = tied.stream().filter(id -> Integer.parseInt(id.substring(4)) % 2 == 0).toList();
      Page<Memory> second = g.search(SearchQuery.builder().text("kestrel").types(MemoryType.SOLUTION)
          .limit(4).offset(2).build());
      assertThat(second.items()).extracting(Memory::id).containsExactlyElementsOf(solutions.subList(2, 6));
      assertThat(second.total()).isEqualTo(solutions.size());
    }
  }

  @Test
  void badConfigurationNamesTheKey() {
    assertThatThrownBy(() -> new SqliteBackendProvider().create(
        MemoryGraphConfig.of(Map.of(ConfigKeys.MEMORY_ALLOW_CYCLES, "maybe"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining(ConfigKeys.MEMORY_ALLOW_CYCLES);
    assertThatThrownBy(() -> SqliteBackend.builder().readers(0))
        .isInstanceOf(ValidationException.class).hasMessageContaining("readers");
  }

  @Test
  void healthCheckReportsFileFacts() {
    Path db = newDir().resolve("memory.db");
    try (MemoryGraph g = MemoryGraph.open(SqliteBackend.builder().path(db).build())) {
      g.store(Memory.builder().title("t").content("c").build());
      HealthStatus h = g.health();
      assertThat(h.healthy()).isTrue();
      assertThat(h.memoryCount()).isEqualTo(1);
      assertThat(h.relationshipCount()).isZero();
      assertThat(h.serverVersion()).matches("3\\.\\d+\\.\\d+");
      assertThat(h.details()).containsEntry("journal_mode", "wal").containsEntry("path", db.toAbsolutePath().toString())
          .containsEntry("fts5", "true").containsEntry("synchronous", "NORMAL").containsKey("page_count");
      assertThat(g.capabilities().supported()).contains(Capability.MULTI_PROCESS, Capability.FULLTEXT_SEARCH,
          Capability.STEMMING, Capability.RELEVANCE_RANKING, Capability.UNICODE_CASE_FOLDING);
      assertThat(g.capabilities().reason(Capability.SYNC)).isPresent();
    }
    try (SqliteBackend closed = SqliteBackend.builder().path(db).build()) {
      HealthStatus h = closed.healthCheck().join();
      assertThat(h.healthy()).isFalse();
      assertThat(h.error()).contains("not connected");
    }
  }

  @Test
  void nativeQueriesBindParametersAndRouteWritesToTheWriter() {
    Path db = newDir().resolve("memory.db");
    try (MemoryGraph g = MemoryGraph.open(SqliteBackend.builder().path(db).build())) {
      Memory m = g.store(Memory.builder().title("native").content("c").importance(0.9).build());
      List<Map<String, Object>> rows = g.executeQuery(
          "SELECT id, title, importance FROM memories WHERE id = :id AND importance > :min",
          Map.of("id", m.id(), "min", 0.5), false);
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0)).containsEntry("title", "native").containsEntry("importance", 0.9);
      assertThatThrownBy(() -> g.executeQuery("UPDATE memories SET title = 'x'", Map.of(), false))
          .isInstanceOf(ValidationException.class).hasMessageContaining("write=true");
      assertThat(g.executeQuery("UPDATE memories SET usage_count = :n WHERE id = :id",
          Map.of("n", 7, "id", m.id()), true)).containsExactly(Map.of("changes", 1L));
      assertThat(g.get(m.id()).orElseThrow().usageCount()).isEqualTo(7);
      assertThatThrownBy(() -> g.executeQuery("SELEC nonsense", Map.of(), false))
          .isInstanceOf(ValidationException.class).hasMessageContaining("query");
    }
  }

  @Test
  void synchronousFullIsApplied() {
    Path db = newDir().resolve("memory.db");
    try (MemoryGraph g = MemoryGraph.open(SqliteBackend.builder().path(db).synchronousFull(true).build())) {
      assertThat(g.health().details()).containsEntry("synchronous", "FULL");
    }
  }
}
