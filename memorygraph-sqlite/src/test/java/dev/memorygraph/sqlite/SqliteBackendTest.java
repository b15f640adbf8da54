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
