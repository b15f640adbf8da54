package dev.memorygraph.turso;

import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.turso.testing.TursoServer;
import dev.memorygraph.turso.testing.TursoServerTck;

/**
 * The backend contract in REMOTE mode, against a real {@code tursodb --sync-server}: every
 * backend gets its own server on a new empty database file (isolation as the TCK requires).
 */
class TursoRemoteTckTest extends TursoServerTck {
  TursoRemoteTckTest() {
    super("turso-remote-tck");
  }

  @Override
  protected MemoryGraphConfig.Builder connection(MemoryGraphConfig.Builder settings, TursoServer server) {
    return settings;
  }
}
