package dev.memorygraph.falkordb;

import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.falkordb.lite.FalkorDbServer;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.tck.GraphBackendTck;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.Jedis;

/** The backend contract suite against a real FalkorDB (Valkey 8 + falkordb.so); one fresh graph per backend. */
class FalkorDbTckTest extends GraphBackendTck {
  private static FalkorDbServer server;
  private final Map<GraphBackend, MemoryGraphConfig> settings = new IdentityHashMap<>();

  @BeforeAll
  static void startServer() {
    server = TestServers.start(TestServers.newDir("falkordb-tck"), false, "everysec");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected GraphBackend newBackend(MemoryGraphConfig s) {
    return backend(s, "tck-" + UUID.randomUUID());
  }

  private GraphBackend backend(MemoryGraphConfig s, String graph) {
    FalkorDbBackend b = FalkorDbBackend.builder().configure(s).host(server.host()).port(server.port())
        .graph(graph).build();
    settings.put(b, s);
    return b;
  }

  @Override
  protected GraphBackend reopen(GraphBackend backend) {
    return backend(settings.get(backend), ((FalkorDbBackend) backend).graphName());
  }

  @Override
  protected void cleanup(List<GraphBackend> backends) {
    try (Jedis j = new Jedis(server.host(), server.port())) {
      for (GraphBackend b : backends) {
        try {
          j.sendCommand(() -> "GRAPH.DELETE".getBytes(java.nio.charset.StandardCharsets.UTF_8),
              ((FalkorDbBackend) b).graphName());
        } catch (RuntimeException alreadyGone) {
          // a reopened backend shares its graph with the first one
        }
      }
    }
    settings.clear();
  }
}
