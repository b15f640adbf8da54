package dev.memorygraph.falkordb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.ValidationException;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.falkordb.lite.FalkorDbLiteBackend;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.SearchQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FalkorDBLite: a private server that persists, restarts after a crash and stops on disconnect. */
class FalkorDbLiteTest {

  private static MemoryGraphConfig config(Path dir) {
    return MemoryGraphConfig.of(Map.of(
        ConfigKeys.MEMORY_FALKORDBLITE_PATH, dir.toString(),
        ConfigKeys.MEMORY_FALKORDBLITE_SERVER, TestServers.valkey().toString(),
        ConfigKeys.MEMORY_FALKORDBLITE_MODULE, TestServers.module().toString()));
  }

  @Test
  void dataSurvivesAcrossBackendInstancesAndServerStops() {
    Path dir = TestServers.newDir("lite-persist");
    FalkorDbLiteBackend first = FalkorDbLiteBackend.fromConfig(config(dir));
    Memory a;
    Relationship r;
    try (MemoryGraph g = MemoryGraph.open(first)) {
      a = g.store(Memory.builder().title("persistent memory").content("survives restarts").build());
      Memory b = g.store(Memory.builder().title("other").content("x").build());
      r = g.link(Relationship.builder(a.id(), b.id(), RelationshipType.RELATED_TO).build());
      assertThat(first.serverPid()).isPositive();
    }
    long oldPid = first.serverPid();
    assertThat(oldPid).isEqualTo(-1); // disconnect stopped the server
    try (MemoryGraph g = MemoryGraph.open(FalkorDbLiteBackend.fromConfig(config(dir)))) {
      assertThat(g.get(a.id())).contains(a);
      assertThat(g.relationship(r.id())).contains(r);
      assertThat(g.search(SearchQuery.text("restarts")).items()).containsExactly(a);
      assertThat(g.health().details()).containsEntry("path", dir.toString());
    }
  }

  @Test
  void crashedServerIsRestartedAndKeepsAcknowledgedWrites() throws Exception {
    Path dir = TestServers.newDir("lite-crash");
    FalkorDbLiteBackend backend = FalkorDbLiteBackend.fromConfig(config(dir));
    try (MemoryGraph g = MemoryGraph.open(backend)) {
      List<Memory> acknowledged = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        acknowledged.add(g.store(Memory.builder().title("before crash " + i).content("c").build()));
      }
      long pid = backend.serverPid();
      ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
      // The next call either finds the server already restarted by the exit watcher or restarts it.
      Memory after = g.store(Memory.builder().title("after crash").content("c").build());
      assertThat(backend.restarts()).isGreaterThanOrEqualTo(1);
      assertThat(backend.serverPid()).isNotEqualTo(pid).isPositive();
      for (Memory m : acknowledged) {
        assertThat(g.get(m.id())).contains(m);
      }
      assertThat(g.get(after.id())).contains(after);
      assertThat(g.health().healthy()).isTrue();
      assertThat(g.search(SearchQuery.text("crash")).total()).isEqualTo(21);
    }
    assertThat(backend.serverPid()).isEqualTo(-1);
  }

  @Test
  @org.junit.jupiter.api.Timeout(120)
  void aServerThatStopsAnsweringIsKilledAndRestartedAndTheReadRetried() throws Exception {
    Path dir = TestServers.newDir("lite-hang");
    FalkorDbLiteBackend backend = FalkorDbLiteBackend.liteBuilder().path(dir).server(TestServers.valkey())
        .module(TestServers.module()).timeout(java.time.Duration.ofSeconds(1)).build();
    try (MemoryGraph g = MemoryGraph.open(backend)) {
      Memory m = g.store(Memory.builder().title("before the hang").content("c").build());
      long pid = backend.serverPid();
      // SIGSTOP: the process lives but never answers, like the FalkorDB deadlock seen in testing.
      new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
      assertThat(g.get(m.id())).contains(m);
      assertThat(backend.restarts()).isGreaterThanOrEqualTo(1);
      assertThat(backend.serverPid()).isNotEqualTo(pid).isPositive();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }

  @Test
  void aNewDataDirectoryIsPrivate() throws Exception {
    Path dir = TestServers.newDir("lite-private").resolve("data");
    try (MemoryGraph g = MemoryGraph.open(FalkorDbLiteBackend.fromConfig(config(dir)))) {
      g.store(Memory.builder().title("t").content("c").build());
      assertThat(java.nio.file.Files.getPosixFilePermissions(dir))
          .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve("falkordb-server.conf")))
          .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void oneBackendPerDirectory() {
    Path dir = TestServers.newDir("lite-lock");
    try (MemoryGraph g = MemoryGraph.open(FalkorDbLiteBackend.fromConfig(config(dir)))) {
      g.store(Memory.builder().title("t").content("c").build());
      assertThatThrownBy(() -> MemoryGraph.open(FalkorDbLiteBackend.fromConfig(config(dir))))
          .isInstanceOf(BackendUnavailableException.class)
          .hasMessageContaining(ConfigKeys.MEMORY_FALKORDBLITE_PATH);
      assertThat(g.statistics().memoryCount()).isEqualTo(1);
    }
  }

  @Test
  void missingSettingsAreNamed() {
    Path dir = TestServers.newDir("lite-config");
    assertThatThrownBy(() -> FalkorDbLiteBackend.fromConfig(MemoryGraphConfig.of(Map.of())))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo(ConfigKeys.MEMORY_FALKORDBLITE_PATH));
    assertThatThrownBy(() -> FalkorDbLiteBackend.fromConfig(config(dir).with(ConfigKeys.MEMORY_FALKORDBLITE_SERVER, dir.resolve("nope").toString())))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo(ConfigKeys.MEMORY_FALKORDBLITE_SERVER));
    assertThatThrownBy(() -> FalkorDbLiteBackend.fromConfig(config(dir).with(ConfigKeys.MEMORY_FALKORDBLITE_MODULE, dir.resolve("nope.so").toString())))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo(ConfigKeys.MEMORY_FALKORDBLITE_MODULE));
  }
}
