package dev.memorygraph.memgraph;

import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.tck.GraphBackendTck;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The backend contract suite against a real Memgraph in Docker. Where Docker is missing (as on
 * the development machines) every test is reported SKIPPED ("disabledWithoutDocker is true and
 * Docker is not available"); {@link MemgraphDockerRequirementTest} turns that into a failure when
 * {@code MEMORYGRAPH_REQUIRE_DOCKER=true} (the GitHub workflow's Memgraph job). The Cypher shared with Neo4j also runs against the
 * Neo4j harness in memorygraph-neo4j.
 */
@Testcontainers(disabledWithoutDocker = true)
class MemgraphBackendTckTest extends GraphBackendTck {
  @Container
  static final GenericContainer<?> MEMGRAPH = MemgraphContainer.create();

  private static Driver wiper;

  @Override
  protected GraphBackend newBackend(MemoryGraphConfig settings) {
    String uri = MemgraphContainer.boltUri(MEMGRAPH);
    synchronized (MemgraphBackendTckTest.class) {
      if (wiper == null) {
        wiper = GraphDatabase.driver(uri, AuthTokens.none());
      }
    }
    try (Session s = wiper.session()) {
      s.run("MATCH (n) DETACH DELETE n").consume();
    }
    return MemgraphBackend.builder().config(settings).uri(uri).build();
  }

  @Override
  protected GraphBackend reopen(GraphBackend backend) {
    return MemgraphBackend.create(((MemgraphBackend) backend).settings());
  }

  @AfterAll
  static void closeWiper() {
    if (wiper != null) {
      wiper.close();
      wiper = null;
    }
  }
}
