package dev.memorygraph.factory;

import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.GraphBackendProvider;

/** A provider that cannot even be instantiated, as a broken backend jar would be. */
public final class ThrowingConstructorProvider implements GraphBackendProvider {

  /** Always fails. */
  public ThrowingConstructorProvider() {
    throw new IllegalStateException("this provider is broken on purpose");
  }

  @Override
  public String name() {
    return "broken";
  }

  @Override
  public boolean isConfigured(MemoryGraphConfig config) {
    return true;
  }

  @Override
  public GraphBackend create(MemoryGraphConfig config) {
    throw new IllegalStateException("never instantiated");
  }
}
