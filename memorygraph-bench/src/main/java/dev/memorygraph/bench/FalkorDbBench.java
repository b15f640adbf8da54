package dev.memorygraph.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.falkordb.lite.FalkorDbServer;
import dev.memorygraph.spi.GraphBackendProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs the {@link ServerWorkload} on FalkorDB: starts {@code <tools>/valkey/valkey-server} with
 * {@code <tools>/falkordb/falkordb.so} (no persistence, a free port) for the run, puts the library
 * and the raw driver on two graphs of that server, and stops it afterwards.
 */
final class FalkorDbBench {
  static final String SERVER = "valkey/valkey-server";
  static final String MODULE = "falkordb/falkordb.so";

  private FalkorDbBench() {}

  /** Why FalkorDB cannot run here, or empty when its binaries are present. */
  static Optional<String> unavailableReason() {
    if (ServerTools.file(SERVER).isEmpty() || ServerTools.file(MODULE).isEmpty()) {
      return Optional.of("needs <tools>/" + SERVER + " and <tools>/" + MODULE + " (tools = "
          + ServerTools.dir().toAbsolutePath() + "; -Dmemorygraph.tools, MEMORYGRAPH_TOOLS or ./.tools);"
          + " run scripts/install-falkordb.sh");
    }
    return Optional.empty();
  }

  /** Starts a server, runs the workload, stops the server. */
  static ObjectNode run(GraphBackendProvider provider, Corpus slice, Path workDir, int warmup, int rounds,
      PrintStream log) {
    Path dir = workDir.resolve("falkordb");
    Workload.deleteTree(dir);
    FalkorDbServer server = FalkorDbServer.builder()
        .server(ServerTools.file(SERVER).orElseThrow())
        .module(ServerTools.file(MODULE).orElseThrow())
        .dataDir(dir)
        .appendOnly(false)
        .startTimeout(Duration.ofSeconds(60))
        .build();
    server.start();
    log.printf("[falkordb] server pid %d on port %d%n", server.pid(), server.port());
    try (MemoryGraph library = MemoryGraph.open(provider.create(config(server, "bench_library")));
        MemoryGraph rawSetup = MemoryGraph.open(provider.create(config(server, "bench_raw")));
        RawFalkorDbTarget raw = new RawFalkorDbTarget(server.host(), server.port(), "bench_raw")) {
      ObjectNode report = new ServerWorkload(slice, warmup, rounds, log).run("falkordb", library, rawSetup, raw);
      ((ObjectNode) report.get("settings")).put("server", "valkey-server + falkordb.so, appendonly no, save ''");
      return report;
    } finally {
      server.stop(Duration.ofSeconds(10));
      Workload.deleteTree(dir);
    }
  }

  private static MemoryGraphConfig config(FalkorDbServer server, String graph) {
    return MemoryGraphConfig.builder().backend("falkordb")
        .set(ConfigKeys.MEMORY_FALKORDB_HOST, server.host())
        .set(ConfigKeys.MEMORY_FALKORDB_PORT, Integer.toString(server.port()))
        .set(ConfigKeys.MEMORY_FALKORDB_GRAPH, graph)
        .build();
  }
}
