package dev.memorygraph.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.AuthenticationException;
import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.model.HealthStatus;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.SearchQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.neo4j.harness.Neo4j;

/** Faults: the server goes away under a live backend and comes back; bad credentials. */
class Neo4jRestartTest {

  @Test
  void backendRecoversOnItsOwnAfterServerRestart() throws IOException {
    int port = Neo4jTestServer.freePort();
    Neo4j first = Neo4jTestServer.start(port, null);
    Neo4j second = null;
    Neo4jBackend backend = Neo4jBackend.builder().uri("bolt://127.0.0.1:" + port)
        .connectionTimeout(Duration.ofSeconds(5)).maxTransactionRetryTime(Duration.ofSeconds(150)).build();
    try (MemoryGraph graph = MemoryGraph.open(backend)) {
      graph.store(Memory.builder().id("before").title("written before the restart").content("survives").build());
      Path home = Neo4jTestServer.home(first);
      // Stopping the DBMS (Bolt included) flushes the store but, unlike close(), keeps the
      // harness folder, so a consistent copy can be taken for the second start.
      first.databaseManagementService().shutdown();
      Path copy = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "neo4j-restart-");
      copyTree(home, copy);
      first.close();
      first = null;

      HealthStatus down = graph.health();
      assertThat(down.healthy()).isFalse();
      assertThat(down.error()).isNotBlank();
      // A managed write issued while the server is down is retried by the driver until it is back.
      CompletableFuture<Memory> pending = graph.async().store(
          Memory.builder().id("during").title("issued while down").content("retried").build());

      second = Neo4jTestServer.start(port, copy);

      assertThat(pending.join().id()).isEqualTo("during");
      assertThat(graph.get("before")).map(Memory::content).contains("survives");
      graph.store(Memory.builder().id("after").title("written after the restart").content("fresh").build());
      assertThat(graph.search(SearchQuery.text("survives")).items()).extracting(Memory::id).containsExactly("before");
      assertThat(graph.health().healthy()).isTrue();
      assertThat(graph.statistics().memoryCount()).isEqualTo(3);
    } finally {
      if (first != null) {
        first.close();
      }
      if (second != null) {
        second.close();
      }
    }
  }

  @Test
  void connectingToNothingFailsClearly() throws IOException {
    Neo4jBackend backend = Neo4jBackend.builder().uri("bolt://127.0.0.1:" + Neo4jTestServer.freePort())
        .connectionTimeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> MemoryGraph.open(backend)).isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("neo4j");
    assertThat(backend.healthCheck().join().healthy()).isFalse();
  }

  @Test
  void wrongPasswordIsAnAuthenticationErrorWithoutThePassword() {
    Neo4j server = Neo4jTestServer.start(0, null, true);
    try {
      String secret = "wr0ng-Passw0rd-xyz";
      Neo4jBackend backend = Neo4jBackend.builder().uri(server.boltURI().toString()).user("neo4j")
          .password(secret).build();
      assertThatThrownBy(() -> MemoryGraph.open(backend))
          .isInstanceOf(AuthenticationException.class)
          .satisfies(e -> {
            for (Throwable t = e; t != null; t = t.getCause()) {
              assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            }
          });
      assertThat(backend.toString()).doesNotContain(secret);
    } finally {
      server.close();
    }
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(src -> {
        try {
          Path dst = to.resolve(from.relativize(src).toString());
          if (Files.isDirectory(src)) {
            Files.createDirectories(dst);
          } else {
            Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
