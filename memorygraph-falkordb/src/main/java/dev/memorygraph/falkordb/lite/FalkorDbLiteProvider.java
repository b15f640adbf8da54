package dev.memorygraph.falkordb.lite;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.GraphBackendProvider;

/** Provides {@link FalkorDbLiteBackend} as {@code MEMORY_BACKEND=falkordblite}. */
public final class FalkorDbLiteProvider implements GraphBackendProvider {

  /** Creates the provider (cheap: starts nothing). */
  public FalkorDbLiteProvider() {}

  @Override
  public String name() {
    return "falkordblite";
  }

  @Override
  public String description() {
    return "private FalkorDB server owned by the library (MEMORY_FALKORDBLITE_PATH, _SERVER, _MODULE)";
  }

  @Override
  public boolean isConfigured(MemoryGraphConfig config) {
    return config.get(ConfigKeys.MEMORY_FALKORDBLITE_PATH).isPresent();
  }

  @Override
  public int autoPriority() {
    return 40;
  }

  @Override
  public GraphBackend create(MemoryGraphConfig config) {
    return FalkorDbLiteBackend.fromConfig(config);
  }
}
