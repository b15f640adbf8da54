package dev.memorygraph.neo4j;

import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.tck.GraphBackendTck;
import org.neo4j.harness.Neo4j;

/** The backend contract suite against a real Neo4j 5.26 (neo4j-harness, in this JVM). */
class Neo4jBackendTckTest extends GraphBackendTck {

  @Override
  protected GraphBackend newBackend(MemoryGraphConfig settings) {
    Neo4j server = Neo4jTestServer.shared();
    Neo4jTestServer.wipe(server);
    return Neo4jBackend.builder().config(settings).uri(server.boltURI().toString()).build();
  }

  @Override
  protected GraphBackend reopen(GraphBackend backend) {
    return Neo4jBackend.create(((Neo4jBackend) backend).settings());
  }
}
