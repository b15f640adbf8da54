package dev.memorygraph.turso.replica;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.turso.testing.TestDirs;
import dev.memorygraph.turso.testing.TursoServer;
import dev.memorygraph.turso.testing.TursoServerTck;

/**
 * The backend contract in EMBEDDED-REPLICA mode: each backend is a replica (its own directory)
 * of its own REAL {@code tursodb --sync-server} primary on a new empty file.
 */
class TursoReplicaTckTest extends TursoServerTck {
  TursoReplicaTckTest() {
    super("turso-replica-tck");
  }

  @Override
  protected MemoryGraphConfig.Builder connection(MemoryGraphConfig.Builder settings, TursoServer server) {
    return settings
        .set(ConfigKeys.MEMORY_TURSO_PATH, TestDirs.newTempDir("tck-replica").toString())
        .set(ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, "0");
  }
}
