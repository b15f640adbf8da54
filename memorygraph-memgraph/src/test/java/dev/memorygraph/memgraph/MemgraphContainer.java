package dev.memorygraph.memgraph;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** A real Memgraph server in Docker (Testcontainers); image overridable with -Dmemgraph.image. */
final class MemgraphContainer {
  static final String IMAGE = System.getProperty("memgraph.image", "memgraph/memgraph:2.21.0");

  private MemgraphContainer() {}

  static GenericContainer<?> create() {
    return new GenericContainer<>(DockerImageName.parse(IMAGE))
        .withExposedPorts(7687)
        .withCommand("--log-level=WARNING", "--also-log-to-stderr")
        .waitingFor(Wait.forListeningPort());
  }

  static String boltUri(GenericContainer<?> c) {
    return "bolt://" + c.getHost() + ":" + c.getMappedPort(7687);
  }
}
