package dev.memorygraph.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Real Neo4j 5.26 servers inside the test JVM (neo4j-harness). One shared server serves every
 * test class that only needs a wiped database; restart tests start their own.
 */
final class Neo4jTestServer {
  private static Neo4j shared;

  private Neo4jTestServer() {}

  /** The JVM-wide server, started on first use and stopped when the JVM exits. */
  static synchronized Neo4j shared() {
    if (shared == null) {
      shared = start(0, null);
      Neo4j s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close, "neo4j-harness-stop"));
    }
    return shared;
  }

  /** Deletes every node and relationship of the shared server, keeping indexes and constraints. */
  static void wipe(Neo4j server) {
    server.defaultDatabaseService().executeTransactionally("MATCH (n) DETACH DELETE n");
  }

  /**
   * Starts a server.
   *
   * @param port the Bolt port, or 0 for any free port
   * @param copyFrom a stopped server's home folder to start from, or null for an empty store
   */
  static Neo4j start(int port, Path copyFrom) {
    return start(port, copyFrom, false);
  }

  /** Like {@link #start(int, Path)}, optionally with authentication switched on. */
  static Neo4j start(int port, Path copyFrom, boolean auth) {
    try {
      Path work = Path.of(System.getProperty("java.io.tmpdir"), "neo4j-harness");
      Files.createDirectories(work);
      Neo4jBuilder b = Neo4jBuilders.newInProcessBuilder(work)
          .withDisabledServer()
          // Without this, close() waits about 10 s for Netty's quiet period.
          .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
          .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port == 0 ? freePort() : port));
      if (auth) {
        b = b.withConfig(GraphDatabaseSettings.auth_enabled, true);
      }
      if (copyFrom != null) {
        b = b.copyFrom(copyFrom);
      }
      return b.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The home folder of a running server (copy it after close() to restart with its data). */
  static Path home(Neo4j server) {
    return server.config().get(GraphDatabaseSettings.neo4j_home);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
