package dev.memorygraph.turso;

import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.GraphBackendProvider;
import java.util.Set;

/** Registers {@link TursoBackend} as {@code turso} (alias {@code libsql}) for {@link java.util.ServiceLoader}. */
public final class TursoBackendProvider implements GraphBackendProvider {

  /** Needed by ServiceLoader. */
  public TursoBackendProvider() {}

  @Override
  public String name() {
    return TursoBackend.NAME;
  }

  @Override
  public Set<String> aliases() {
    return Set.of("libsql");
  }

  @Override
  public String description() {
    return "Turso/libSQL: local file (MEMORY_TURSO_PATH), remote server (TURSO_DATABASE_URL), or embedded replica (both)";
  }

  @Override
  public boolean isConfigured(MemoryGraphConfig config) {
    return TursoConfig.isConfigured(config);
  }

  /** Above the embedded default: a configured Turso database is an explicit choice. */
  @Override
  public int autoPriority() {
    return 10;
  }

  @Override
  public GraphBackend create(MemoryGraphConfig config) {
    return TursoBackend.fromConfig(config);
  }
}
