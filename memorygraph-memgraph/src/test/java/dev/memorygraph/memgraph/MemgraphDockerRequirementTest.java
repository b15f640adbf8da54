package dev.memorygraph.memgraph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * Makes a missing Docker engine a failure instead of a skip where the build demands a Memgraph
 * container ({@code MEMORYGRAPH_REQUIRE_DOCKER=true}, as the GitHub workflow's Memgraph job sets it).
 * Deliberately not {@code MEMORYGRAPH_REQUIRE_SERVERS}: the project's own machines have no Docker
 * engine and no Memgraph package, so there the Memgraph suite is skipped with its reason.
 */
class MemgraphDockerRequirementTest {

  static boolean dockerRequired() {
    String v = System.getProperty("MEMORYGRAPH_REQUIRE_DOCKER", System.getenv("MEMORYGRAPH_REQUIRE_DOCKER"));
    return "true".equalsIgnoreCase(v);
  }

  @Test
  void dockerIsAvailableWhenRequired() {
    Assumptions.assumeTrue(dockerRequired(),
        "MEMORYGRAPH_REQUIRE_DOCKER is not true: the Memgraph suite is skipped where no Docker engine runs");
    assertThat(DockerClientFactory.instance().isDockerAvailable())
        .as("MEMORYGRAPH_REQUIRE_DOCKER=true but no Docker engine for the Memgraph container").isTrue();
  }
}
