package dev.memorygraph.falkordb;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.GraphBackendProvider;

/** Provides {@link FalkorDbBackend} as {@code MEMORY_BACKEND=falkordb}. */
public final class FalkorDbProvider implements GraphBackendProvider {

  /** Creates the provider (cheap: no connection). */
  public FalkorDbProvider() {}

  @Override
  public String name() {
    return "falkordb";
  }

  @Override
  public String description() {
    return "FalkorDB server (MEMORY_FALKORDB_HOST, _PORT, _PASSWORD, MEMORY_FALKORDB_GRAPH)";
  }

  @Override
  public boolean isConfigured(MemoryGraphConfig config) {
    return config.get(ConfigKeys.MEMORY_FALKORDB_HOST).isPresent();
  }

  @Override
  public int autoPriority() {
    return 50;
  }

  @Override
  public GraphBackend create(MemoryGraphConfig config) {
    return FalkorDbBackend.fromConfig(config);
  }
}
