package dev.memorygraph.factory;

import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.GraphBackendProvider;
import java.util.Set;

/**
 * A second provider for selection tests: configured only when {@code MEMORY_PROBE_ENABLED=true},
 * with a high auto priority. It creates a real SQLite backend (found through the factory), so that
 * opening it exercises a real database rather than a stand-in.
 */
public final class ProbeProvider implements GraphBackendProvider {

  @Override
  public String name() {
    return "probe";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("probe-alias");
  }

  @Override
  public int autoPriority() {
    return 50;
  }

  @Override
  public boolean isConfigured(MemoryGraphConfig config) {
    return config.getBoolean("MEMORY_PROBE_ENABLED", false);
  }

  @Override
  public GraphBackend create(MemoryGraphConfig config) {
    return BackendFactory.discover().find("sqlite")
        .orElseThrow(() -> new IllegalStateException("the sqlite provider is not on the test class path"))
        .create(config);
  }
}
