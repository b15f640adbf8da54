package dev.memorygraph.memgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.ValidationException;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.model.Capability;
import dev.memorygraph.model.Direction;
import dev.memorygraph.model.Memory;
import dev.memorygraph.neo4j.CypherSettings;
import dev.memorygraph.spi.GraphBackendProvider;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What can be checked without a server: registration, configuration, the dialect's text. */
class MemgraphBackendTest {

  @Test
  void providerIsRegisteredAndReadsItsSettings() {
    GraphBackendProvider p = ServiceLoader.load(GraphBackendProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(x -> x.name().equals("memgraph")).findFirst().orElseThrow();
    assertThat(p.autoPriority()).isPositive();
    assertThat(p.isConfigured(MemoryGraphConfig.of(Map.of("NEO4J_URI", "bolt://h:1")))).isFalse();
    assertThat(p.isConfigured(MemoryGraphConfig.of(Map.of("MEMORY_MEMGRAPH_URI", "bolt://h:1")))).isTrue();
    MemgraphBackend b = (MemgraphBackend) p.create(MemoryGraphConfig.of(Map.of("MEMORY_MEMGRAPH_URI", "bolt://h:1",
        "MEMORY_MEMGRAPH_PASSWORD", "pw-s3cret", "MEMORY_MEMGRAPH_MAX_POOL_SIZE", "3")));
    assertThat(b.backendName()).isEqualTo("memgraph");
    assertThat(b.settings().maxConnectionPoolSize()).isEqualTo(3);
    assertThat(b.settings().database()).isNull();
    assertThat(b.toString()).doesNotContain("pw-s3cret");
    assertThatThrownBy(() -> MemgraphBackend.builder().build()).isInstanceOf(ValidationException.class);
  }

  @Test
  void builderReadsOnlyMemgraphNamesAndHasNoDatabase() {
    MemgraphBackend.Builder builder = MemgraphBackend.builder().config(MemoryGraphConfig.of(Map.of(
        "MEMORY_MEMGRAPH_URI", "bolt://m:1", "MEMORY_MEMGRAPH_USER", "mu", "MEMORY_MEMGRAPH_PASSWORD", "pw-s3cret",
        "MEMORY_MEMGRAPH_CONNECTION_TIMEOUT", "7", "MEMORY_MEMGRAPH_MAX_RETRY_TIME", "8", "MEMORY_ALLOW_CYCLES", "false",
        // Neo4j's names, including its database, are not Memgraph settings.
        "NEO4J_URI", "bolt://n:2", "MEMORY_NEO4J_DATABASE", "db", "MEMORY_NEO4J_MAX_POOL_SIZE", "9")));
    assertThat(builder.toString()).startsWith("MemgraphBackend.Builder[").doesNotContain("pw-s3cret");
    CypherSettings s = builder.build().settings();
    assertThat(s).isEqualTo(new CypherSettings("bolt://m:1", "mu", "pw-s3cret", null, CypherSettings.DEFAULT_POOL_SIZE,
        Duration.ofSeconds(7), Duration.ofSeconds(8), false));
  }

  @Test
  void capabilitiesSayWhatIsMissingAndWhy() {
    MemgraphBackend b = MemgraphBackend.builder().uri("bolt://h:1").build();
    assertThat(b.capabilities().supports(Capability.STEMMING)).isFalse();
    assertThat(b.capabilities().reason(Capability.RELEVANCE_RANKING)).get().asString().contains("ordered by id");
    assertThat(b.capabilities().supports(Capability.UNICODE_CASE_FOLDING)).isTrue();
    assertThat(b.capabilities().supports(Capability.TRANSACTIONS)).isTrue();
  }

  @Test
  void dialectUsesMemgraphSyntaxAndOnlyEnumNames() {
    MemgraphDialect d = new MemgraphDialect();
    assertThat(d.schemaStatements().values()).contains("CREATE INDEX ON :Memory(id)",
        "CREATE CONSTRAINT ON (m:Memory) ASSERT m.id IS UNIQUE", "CREATE EDGE INDEX ON :SOLVES(id)");
    assertThat(d.shortestPath(":CAUSES", Direction.OUTGOING, 4, "x.valid_until IS NULL"))
        .isEqualTo("MATCH p = (a)-[:CAUSES *BFS ..4 (x, n | x.valid_until IS NULL)]->(b) ");
    Memory m = Memory.builder().title("Ärger: col:val").content("file.java DON'T").tags("k8s").build();
    assertThat(d.searchProperties(m)).containsEntry("search_all", " ärger col val file java don t k8s ");
    assertThat(d.textSearch(java.util.List.of("x"), null)).doesNotContain("'x'");
    assertThat(d.schemaStatements().keySet().stream().collect(Collectors.toList())).doesNotHaveDuplicates();
  }
}
