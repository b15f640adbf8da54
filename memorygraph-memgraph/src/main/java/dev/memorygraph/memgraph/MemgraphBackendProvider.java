package dev.memorygraph.memgraph;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.GraphBackendProvider;

/** Registers the Memgraph backend under the name {@code memgraph}. */
public final class MemgraphBackendProvider implements GraphBackendProvider {

  /** Creates the provider (cheap: nothing connects). */
  public MemgraphBackendProvider() {}

  @Override
  public String name() {
    return "memgraph";
  }

  @Override
  public String description() {
    return "Memgraph server over Bolt (MEMORY_MEMGRAPH_URI)";
  }

  /** Configured when a Memgraph URI is set. */
  @Override
  public boolean isConfigured(MemoryGraphConfig config) {
    return config.get(ConfigKeys.MEMORY_MEMGRAPH_URI).isPresent();
  }

  /** Above the embedded default, just below Neo4j (whose search ranks and stems). */
  @Override
  public int autoPriority() {
    return 25;
  }

  @Override
  public GraphBackend create(MemoryGraphConfig config) {
    return MemgraphBackend.fromConfig(config);
  }
}
