package dev.memorygraph.falkordb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.falkordb.lite.FalkorDbServer;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.SearchQuery;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL of the FalkorDB server under a live backend: after the server is started again on the
 * same data, the same backend recovers by itself and every write it acknowledged is there.
 *
 * <p>The server runs with {@code appendfsync always}: each write reaches the disk before it is
 * acknowledged, so the check "no acknowledged write is lost" does not depend on timing. (With
 * the default {@code everysec}, Valkey still writes the append-only file before replying, so a
 * killed process loses nothing either; only a host crash could lose the last second. Testing with
 * {@code always} keeps this test free of that distinction and of sleeps.)
 */
class FalkorDbKillTest {

  @Test
  void killedServerLosesNoAcknowledgedWrite() throws Exception {
    FalkorDbServer server = TestServers.start(TestServers.newDir("falkordb-kill"), true, "always");
    try (MemoryGraph g = MemoryGraph.open(FalkorDbBackend.builder().host(server.host()).port(server.port())
        .graph("kill").build())) {
      Memory anchor = g.store(Memory.builder().id("anchor").title("anchor").content("kept").build());
      ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger failures = new AtomicInteger();
      Thread writer = new Thread(() -> {
        int i = 0;
        while (!stop.get()) {
          String id = "w-" + i++;
          try {
            g.store(Memory.builder().id(id).title("write " + id).content("durable").build());
            acknowledged.add(id);
          } catch (RuntimeException e) {
            failures.incrementAndGet(); // server down: not acknowledged, may or may not be stored
          }
        }
      });
      writer.start();
      while (acknowledged.size() < 100) {
        Thread.sleep(5);
      }
      long pid = server.pid();
      server.kill();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      int beforeRestart = acknowledged.size();
      server.start(); // same port, same directory: replays the append-only file
      while (acknowledged.size() < beforeRestart + 50) {
        Thread.sleep(5);
      }
      stop.set(true);
      writer.join();

      Set<String> stored = new HashSet<>();
      g.exportMemories(m -> stored.add(m.id()));
      assertThat(stored).containsAll(acknowledged).contains(anchor.id());
      // Indexes and the constraint came back with the data.
      assertThat(g.search(SearchQuery.text("anchor")).items()).extracting(Memory::id).containsExactly("anchor");
      Relationship r = g.link(Relationship.builder("anchor", acknowledged.peek(), RelationshipType.RELATED_TO).build());
      assertThat(g.relationship(r.id())).contains(r);
      assertThat(g.health().healthy()).isTrue();
      System.out.printf("kill test: %d acknowledged, %d failed while down, %d stored%n",
          acknowledged.size(), failures.get(), stored.size());
    } finally {
      server.close();
    }
  }

  /**
   * Connections are not pinged before a read any more: a read that meets a connection left over
   * from before a restart must be repeated on a new one, and a write must find the dead
   * connection (by its PING) before sending anything. Neither may fail the caller.
   */
  @Test
  void afterARestartTheNextReadAndTheNextWriteSucceed() throws Exception {
    FalkorDbServer server = TestServers.start(TestServers.newDir("falkordb-restart"), true, "always");
    try (MemoryGraph g = MemoryGraph.open(FalkorDbBackend.builder().host(server.host()).port(server.port())
        .graph("restart").build())) {
      Memory m = g.store(Memory.builder().id("r1").title("before the restart").content("kept").build());
      leaveSeveralIdleConnections(g, m.id());

      server.kill();
      server.start(); // same port and data: every pooled connection is now dead
      assertThat(g.get(m.id())).contains(m);

      leaveSeveralIdleConnections(g, m.id());
      server.kill();
      server.start();
      Memory after = g.store(Memory.builder().id("r2").title("after the restart").content("new").build());
      assertThat(g.get(after.id())).contains(after);
      assertThat(g.search(SearchQuery.text("restart")).items()).extracting(Memory::id)
          .containsExactlyInAnyOrder("r1", "r2");
    } finally {
      server.close();
    }
  }

  /** Concurrent reads on the backend's own threads, so that the pool opens and keeps several connections. */
  private static void leaveSeveralIdleConnections(MemoryGraph g, String id) {
    java.util.List<java.util.concurrent.CompletableFuture<?>> reads = new java.util.ArrayList<>();
    for (int i = 0; i < 32; i++) {
      reads.add(g.async().get(id));
    }
    java.util.concurrent.CompletableFuture.allOf(reads.toArray(new java.util.concurrent.CompletableFuture<?>[0])).join();
  }

  @Test
  @org.junit.jupiter.api.Timeout(120)
  void aServerThatStopsAnsweringFailsTheQueryInsteadOfHangingIt() throws Exception {
    FalkorDbServer server = TestServers.start(TestServers.newDir("falkordb-hang"), false, "everysec");
    try (MemoryGraph g = MemoryGraph.open(FalkorDbBackend.builder().host(server.host()).port(server.port())
        .graph("hang").timeout(java.time.Duration.ofSeconds(1)).build())) {
      g.store(Memory.builder().id("h1").title("before").content("c").build());
      long pid = server.pid();
      new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
      try {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.get("h1"))
            .isInstanceOf(dev.memorygraph.BackendUnavailableException.class);
      } finally {
        new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
      }
      assertThat(g.get("h1")).isPresent();
    } finally {
      server.close();
    }
  }

  @Test
  void unreachableServerFailsClearlyWithoutThePassword() {
    FalkorDbBackend b = FalkorDbBackend.builder().host("127.0.0.1").port(FalkorDbServer.freePort())
        .password("s3cret-pw").build();
    try {
      MemoryGraph.open(b).close();
      throw new AssertionError("connected to nothing");
    } catch (dev.memorygraph.BackendUnavailableException e) {
      assertThat(e.getMessage()).contains("unavailable").doesNotContain("s3cret-pw");
      assertThat(String.valueOf(e.getCause())).doesNotContain("s3cret-pw");
    }
    assertThat(b.toString()).doesNotContain("s3cret-pw");
  }
}
