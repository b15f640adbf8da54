package dev.memorygraph.turso;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.tck.GraphBackendTck;
import dev.memorygraph.turso.testing.TursoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The backend contract in REMOTE mode, against a real {@code tursodb --sync-server}: every
 * backend gets its own server on a new empty database file (isolation as the TCK requires).
 */
class TursoRemoteTckTest extends GraphBackendTck {
  private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "turso-remote-tck");
  private static final List<TursoServer> SERVERS = new ArrayList<>();
  private final Map<GraphBackend, MemoryGraphConfig> configs = new IdentityHashMap<>();

  @Override
  protected GraphBackend newBackend(MemoryGraphConfig settings) {
    TursoServer server = TursoServer.start(DIR);
    synchronized (SERVERS) {
      SERVERS.add(server);
    }
    // tursodb ignores the token; sending one exercises the header path on every request.
    MemoryGraphConfig c = settings.toBuilder()
        .set(ConfigKeys.TURSO_DATABASE_URL, server.url())
        .set(ConfigKeys.TURSO_AUTH_TOKEN, "tck-token-not-checked-by-tursodb")
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
      SERVERS.forEach(TursoServer::close);
      SERVERS.clear();
    }
  }
}
