package dev.memorygraph.turso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.model.HealthStatus;
import dev.memorygraph.model.Memory;
import dev.memorygraph.turso.testing.TursoServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** REMOTE mode when the real server goes away and comes back. */
class TursoRemoteFaultTest {
  private static final String TOKEN = "fault-test-SECRET-token";

  @Test
  void aStoppedServerGivesClearErrorsAndAnUnhealthyStatusWithoutTheToken() {
    TursoServer server = TursoServer.start(Path.of(System.getProperty("java.io.tmpdir"), "turso-fault"));
    TursoBackend backend = TursoBackend.builder().url(server.url()).authToken(TOKEN)
        .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(5)).build();
    try (MemoryGraph g = MemoryGraph.open(backend)) {
      Memory m = g.store(Memory.builder().title("before the outage").content("kept on the server").build());
      assertThat(g.health().healthy()).isTrue();
      server.close();
      assertThat(server.isAlive()).isFalse();

      assertThatThrownBy(() -> g.get(m.id()))
          .isInstanceOf(BackendUnavailableException.class)
          .hasMessageContaining("cannot connect")
          .hasMessageNotContaining(TOKEN);
      assertThatThrownBy(() -> g.store(Memory.builder().title("during the outage").content("x").build()))
          .isInstanceOf(BackendUnavailableException.class)
          .hasMessageNotContaining(TOKEN);
      HealthStatus h = g.health();
      assertThat(h.healthy()).isFalse();
      assertThat(h.error()).isNotBlank().doesNotContain(TOKEN);
      assertThat(h.details().toString()).doesNotContain(TOKEN);

      // The server comes back on the same file and port: the same backend works again.
      server.restart();
      assertThat(g.get(m.id())).contains(m);
      assertThat(g.health().healthy()).isTrue();
      g.store(Memory.builder().title("after the outage").content("y").build());
      assertThat(g.statistics().memoryCount()).isEqualTo(2);
    } finally {
      server.close();
    }
  }
}
