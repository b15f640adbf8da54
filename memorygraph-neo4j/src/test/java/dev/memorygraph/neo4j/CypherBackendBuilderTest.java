package dev.memorygraph.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.ValidationException;
import dev.memorygraph.config.MemoryGraphConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared Bolt builder through the Neo4j builder: no server needed, building never connects. */
class CypherBackendBuilderTest {

  @Test
  void configReadsTheBackendsNamesAndTheFirstAliasWins() {
    CypherSettings s = Neo4jBackend.builder().config(MemoryGraphConfig.of(Map.of(
        "MEMORY_NEO4J_URI", "bolt://primary:1", "NEO4J_URI", "bolt://alias:2", "NEO4J_USER", "alice",
        "NEO4J_PASSWORD", "alias-pw", "MEMORY_NEO4J_DATABASE", "memories", "MEMORY_NEO4J_MAX_POOL_SIZE", "4",
        "MEMORY_NEO4J_CONNECTION_TIMEOUT", "5", "MEMORY_NEO4J_MAX_RETRY_TIME", "0", "MEMORY_ALLOW_CYCLES", "no",
        // Another backend's names must not be read.
        "MEMORY_MEMGRAPH_MAX_POOL_SIZE", "9"))).build().settings();
    assertThat(s).isEqualTo(new CypherSettings("bolt://primary:1", "alice", "alias-pw", "memories", 4,
        Duration.ofSeconds(5), Duration.ZERO, false));
  }

  @Test
  void unsetSettingsKeepWhatTheSettersGave() {
    CypherSettings s = Neo4jBackend.builder().uri("bolt://set:1").user("bob").password("pw").database("db")
        .maxConnectionPoolSize(2).connectionTimeout(Duration.ofSeconds(3)).maxTransactionRetryTime(Duration.ofSeconds(4))
        .config(MemoryGraphConfig.of(Map.of("MEMORY_NEO4J_USER", "carol")))
        .build().settings();
    assertThat(s).isEqualTo(new CypherSettings("bolt://set:1", "carol", "pw", "db", 2,
        Duration.ofSeconds(3), Duration.ofSeconds(4), true));
  }

  @Test
  void badValuesNameTheSetting() {
    assertThatThrownBy(() -> Neo4jBackend.builder().config(MemoryGraphConfig.of(Map.of("MEMORY_NEO4J_MAX_POOL_SIZE", "x"))))
        .isInstanceOf(ValidationException.class).extracting(e -> ((ValidationException) e).field())
        .isEqualTo("MEMORY_NEO4J_MAX_POOL_SIZE");
    assertThatThrownBy(() -> Neo4jBackend.builder().uri("bolt://h:1").connectionTimeout(Duration.ZERO).build())
        .isInstanceOf(ValidationException.class).extracting(e -> ((ValidationException) e).field())
        .isEqualTo("connection_timeout");
    assertThatThrownBy(() -> Neo4jBackend.builder().build())
        .isInstanceOf(ValidationException.class).extracting(e -> ((ValidationException) e).field()).isEqualTo("uri");
  }

  @Test
  void toStringHidesThePasswordAndUriCredentials() {
    Neo4jBackend.Builder b = Neo4jBackend.builder().uri("bolt://u:uri-s3cret@h:1").user("u").password("pw-s3cret");
    assertThat(b.toString()).startsWith("Neo4jBackend.Builder[").contains("password=***", "user=u")
        .doesNotContain("s3cret");
  }

  @Test
  void configNamesAreCopiedAndComplete() {
    List<String> uri = new java.util.ArrayList<>(List.of("A"));
    CypherBackendBuilder.ConfigNames n = new CypherBackendBuilder.ConfigNames(uri, List.of(), List.of(), List.of(),
        "P", "T", "R");
    uri.add("B");
    assertThat(n.uri()).containsExactly("A");
    assertThatThrownBy(() -> new CypherBackendBuilder.ConfigNames(List.of(), List.of(), List.of(), List.of(),
        null, "T", "R")).isInstanceOf(NullPointerException.class).hasMessageContaining("maxPoolSize");
  }
}
