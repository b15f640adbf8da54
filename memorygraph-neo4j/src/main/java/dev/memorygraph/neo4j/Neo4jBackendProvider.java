package dev.memorygraph.neo4j;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.GraphBackendProvider;

/** Registers the Neo4j backend under the name {@code neo4j}. */
public final class Neo4jBackendProvider implements GraphBackendProvider {

  /** Creates the provider (cheap: nothing connects). */
  public Neo4jBackendProvider() {}

  @Override
  public String name() {
    return "neo4j";
  }

  @Override
  public String description() {
    return "Neo4j 5 server over Bolt (MEMORY_NEO4J_URI or NEO4J_URI)";
  }

  /** Configured when a Neo4j URI is set. */
  @Override
  public boolean isConfigured(MemoryGraphConfig config) {
    return config.first(ConfigKeys.MEMORY_NEO4J_URI, ConfigKeys.NEO4J_URI).isPresent();
  }

  /** Above the embedded default: an explicitly configured server wins in {@code auto}. */
  @Override
  public int autoPriority() {
    return 30;
  }

  @Override
  public GraphBackend create(MemoryGraphConfig config) {
    return Neo4jBackend.fromConfig(config);
  }
}
