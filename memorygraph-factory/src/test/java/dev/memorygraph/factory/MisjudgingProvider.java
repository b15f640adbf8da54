package dev.memorygraph.factory;

import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.GraphBackendProvider;

/** A provider whose configuration check fails: {@code auto} must skip it, not fail. */
public final class MisjudgingProvider implements GraphBackendProvider {

  @Override
  public String name() {
    return "misjudging";
  }

  @Override
  public int autoPriority() {
    return 100;
  }

  @Override
  public boolean isConfigured(MemoryGraphConfig config) {
    throw new IllegalStateException("cannot tell");
  }

  @Override
  public GraphBackend create(MemoryGraphConfig config) {
    throw new IllegalStateException("auto must never create this backend");
  }
}
