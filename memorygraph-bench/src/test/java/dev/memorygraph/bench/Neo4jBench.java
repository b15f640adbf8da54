package dev.memorygraph.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackendProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Runs the {@link ServerWorkload} on Neo4j 5.26 started in-process by neo4j-harness. Test scope:
 * the harness (a whole Neo4j server) stays out of the shaded bench jar, so this run is started
 * from {@link Neo4jServerBenchTest} rather than by {@code --backends neo4j}.
 */
final class Neo4jBench {
  private Neo4jBench() {}

  /** Starts a server under {@code workDir}, runs the workload, stops the server. */
  static ObjectNode run(Corpus slice, Path workDir, int warmup, int rounds, PrintStream log) throws IOException {
    GraphBackendProvider provider = ServiceLoader.load(GraphBackendProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("neo4j")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no neo4j provider on the class path"));
    Path dir = workDir.resolve("neo4j");
    Workload.deleteTree(dir);
    Files.createDirectories(dir);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    long t0 = System.nanoTime();
    Neo4j server = Neo4jBuilders.newInProcessBuilder(dir)
        .withDisabledServer()
        .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
        .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .build();
    log.printf("[neo4j] harness up on %s in %.1f s%n", server.boltURI(), (System.nanoTime() - t0) / 1e9);
    try {
      String uri = server.boltURI().toString();
      MemoryGraphConfig config = MemoryGraphConfig.builder().backend("neo4j")
          .set(ConfigKeys.MEMORY_NEO4J_URI, uri).build();
      try (MemoryGraph library = MemoryGraph.open(provider.create(config));
          RawNeo4jTarget raw = new RawNeo4jTarget(uri)) {
        ObjectNode report = new ServerWorkload(slice, warmup, rounds, log).run("neo4j", library, library, raw);
        ObjectNode settings = (ObjectNode) report.get("settings");
        settings.put("server", "neo4j-harness in-process (same JVM as both clients), one database shared"
            + " by both sides; the raw side's stored copies are deleted before the reads");
        return report;
      }
    } finally {
      server.close();
      try {
        Workload.deleteTree(dir);
      } catch (UncheckedIOException e) {
        log.println("[neo4j] could not delete " + dir + ": " + e.getMessage());
      }
    }
  }
}
