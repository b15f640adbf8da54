package dev.memorygraph.falkordb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.ValidationException;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.GraphBackendProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Both providers are found through ServiceLoader and read their settings. */
class FalkorDbProviderTest {

  private static Map<String, GraphBackendProvider> providers() {
    Map<String, GraphBackendProvider> m = new TreeMap<>();
    ServiceLoader.load(GraphBackendProvider.class).forEach(p -> m.put(p.name(), p));
    return m;
  }

  @Test
  void bothProvidersAreRegistered() {
    assertThat(providers()).containsKeys("falkordb", "falkordblite");
  }

  @Test
  void falkordbIsConfiguredByHostAndReadsItsSettings() {
    GraphBackendProvider p = providers().get("falkordb");
    assertThat(p.isConfigured(MemoryGraphConfig.of(Map.of()))).isFalse();
    MemoryGraphConfig c = MemoryGraphConfig.of(Map.of(ConfigKeys.MEMORY_FALKORDB_HOST, "db.example",
        ConfigKeys.MEMORY_FALKORDB_PORT, "6380", ConfigKeys.MEMORY_FALKORDB_PASSWORD, "pw-123",
        ConfigKeys.MEMORY_FALKORDB_GRAPH, "team_a"));
    assertThat(p.isConfigured(c)).isTrue();
    GraphBackend b = p.create(c);
    assertThat(b).isInstanceOf(FalkorDbBackend.class);
    assertThat(((FalkorDbBackend) b).graphName()).isEqualTo("team_a");
    assertThat(b.toString()).contains("db.example:6380").doesNotContain("pw-123");
    b.close();
    assertThatThrownBy(() -> p.create(c.with(ConfigKeys.MEMORY_FALKORDB_PORT, "x")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(ConfigKeys.MEMORY_FALKORDB_PORT));
    assertThatThrownBy(() -> p.create(c.with(ConfigKeys.MEMORY_FALKORDB_GRAPH, "bad name'")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(ConfigKeys.MEMORY_FALKORDB_GRAPH));
  }

  @Test
  void falkordbliteIsConfiguredByPath() {
    GraphBackendProvider p = providers().get("falkordblite");
    assertThat(p.isConfigured(MemoryGraphConfig.of(Map.of()))).isFalse();
    assertThat(p.isConfigured(MemoryGraphConfig.of(Map.of(ConfigKeys.MEMORY_FALKORDBLITE_PATH, "/tmp/x")))).isTrue();
  }
}
