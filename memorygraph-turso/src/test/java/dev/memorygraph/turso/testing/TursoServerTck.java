package dev.memorygraph.turso.testing;

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

/**
 * The backend contract over a REAL {@code tursodb --sync-server}: every backend gets its own
 * server on a new empty database file (isolation as the TCK requires), stopped after each test.
 * Subclasses choose the mode through {@link #connection}.
 */
public abstract class TursoServerTck extends GraphBackendTck {
  /** tursodb ignores the token; sending one exercises the header path on every request. */
  private static final String TOKEN = "tck-token-not-checked-by-tursodb";

  private final Path serverDir;
  private final List<TursoServer> servers = new ArrayList<>();
  private final Map<GraphBackend, MemoryGraphConfig> configs = new IdentityHashMap<>();

  /** Servers are started under {@code java.io.tmpdir/<dirName>}. */
  protected TursoServerTck(String dirName) {
    this.serverDir = Path.of(System.getProperty("java.io.tmpdir"), dirName);
  }

  /**
   * Adds the mode's settings for a backend over {@code server}; its URL and a token are already
   * set.
   */
  protected abstract MemoryGraphConfig.Builder connection(MemoryGraphConfig.Builder settings, TursoServer server);

  @Override
  protected final GraphBackend newBackend(MemoryGraphConfig settings) {
    TursoServer server = TursoServer.start(serverDir);
    servers.add(server);
    MemoryGraphConfig c = connection(settings.toBuilder()
        .set(ConfigKeys.TURSO_DATABASE_URL, server.url())
        .set(ConfigKeys.TURSO_AUTH_TOKEN, TOKEN), server).build();
    TursoBackend b = TursoBackend.fromConfig(c);
    configs.put(b, c);
    return b;
  }

  @Override
  protected final GraphBackend reopen(GraphBackend backend) {
    MemoryGraphConfig c = configs.get(backend);
    TursoBackend b = TursoBackend.fromConfig(c);
    configs.put(b, c);
    return b;
  }

  @Override
  protected final void cleanup(List<GraphBackend> backends) {
    backends.forEach(configs::remove);
    servers.forEach(TursoServer::close);
    servers.clear();
  }
}
