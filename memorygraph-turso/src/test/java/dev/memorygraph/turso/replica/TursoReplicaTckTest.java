package dev.memorygraph.turso.replica;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.tck.GraphBackendTck;
import dev.memorygraph.turso.TursoBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The backend contract in EMBEDDED-REPLICA mode: each backend is a replica (its own directory)
 * of its own REAL {@code tursodb --sync-server} primary on a new empty file.
 */
class TursoReplicaTckTest extends GraphBackendTck {
  private static final List<ReplicaTursoServer> SERVERS = new ArrayList<>();
  private final Map<GraphBackend, MemoryGraphConfig> configs = new IdentityHashMap<>();

  @Override
  protected GraphBackend newBackend(MemoryGraphConfig settings) {
    ReplicaTursoServer server;
    Path dir;
    try {
      server = ReplicaTursoServer.start(ReplicaTestSupport.tempDir("tck-primary"));
      dir = ReplicaTestSupport.tempDir("tck-replica");
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start tursodb: " + e.getMessage(), e);
    }
    synchronized (SERVERS) {
      SERVERS.add(server);
    }
    MemoryGraphConfig c = settings.toBuilder()
        .set(ConfigKeys.MEMORY_TURSO_PATH, dir.toString())
        .set(ConfigKeys.TURSO_DATABASE_URL, server.url())
        .set(ConfigKeys.TURSO_AUTH_TOKEN, "tck-token-not-checked-by-tursodb")
        .set(ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, "0")
        .build();
    TursoBackend b = TursoBackend.fromConfig(c);
    configs.put(b, c);
    return b;
  }

  @Override
  protected GraphBackend reopen(GraphBackend backend) {
    TursoBackend b = TursoBackend.fromConfig(configs.get(backend));
    configs.put(b, configs.get(backend));
    return b;
  }

  @Override
  protected void cleanup(List<GraphBackend> backends) {
    backends.forEach(configs::remove);
    stopAll();
  }

  @AfterAll
  static void stopAll() {
    synchronized (SERVERS) {
      SERVERS.forEach(ReplicaTursoServer::close);
      SERVERS.clear();
    }
  }
}
