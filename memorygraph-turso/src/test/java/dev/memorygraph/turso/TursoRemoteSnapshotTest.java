package dev.memorygraph.turso;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Page;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.turso.testing.TursoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * REMOTE mode through the public API: a search (page query, then a count query when the page is
 * full) by one backend agrees with itself while a second backend on the same real server keeps
 * adding and deleting a memory.
 */
class TursoRemoteSnapshotTest {

  @Test
  void aSearchPageAndItsTotalAgreeWhileAnotherClientWrites() throws Exception {
    try (TursoServer server = TursoServer.start(Path.of(System.getProperty("java.io.tmpdir"), "turso-remote-snapshot"));
        MemoryGraph reader = MemoryGraph.open(TursoBackend.builder().url(server.url()).build());
        MemoryGraph writer = MemoryGraph.open(TursoBackend.builder().url(server.url()).build())) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong writes = new AtomicLong();
      AtomicReference<Throwable> writerFailure = new AtomicReference<>();
      Thread w = new Thread(() -> {
        try {
          for (int i = 0; i < 4; i++) {
            writer.store(Memory.builder().title("kept " + i).content("x").build());
          }
          // 4 memories, then 5, then 4 again: a page of 5 is full only while the fifth exists, and
          // the count that follows it must not come from after its delete.
          for (int round = 0; !stop.get(); round++) {
            Memory fifth = writer.store(Memory.builder().title("fifth " + round).content("x").build());
            writes.incrementAndGet();
            writer.delete(fifth.id());
            writes.incrementAndGet();
          }
        } catch (Throwable e) {
          writerFailure.set(e);
        }
      }, "remote-snapshot-writer");
      SearchQuery q = SearchQuery.builder().limit(5).build();
      int searches = 300;
      int mixed = 0;
      List<String> examples = new ArrayList<>();
      w.start();
      try {
        for (int i = 0; i < searches; i++) {
          Page<Memory> page = reader.search(q);
          // A full page means at least 5 matches; the total must say so.
          if (page.total() < page.offset() + page.items().size()) {
            mixed++;
            if (examples.size() < 3) {
              examples.add(page.items().size() + " items but total " + page.total());
            }
          }
        }
      } finally {
        stop.set(true);
        w.join();
      }
      assertThat(writerFailure.get()).isNull();
      assertThat(writes.get()).as("the other backend wrote while the searches ran").isPositive();
      System.out.printf("remote snapshot: %d searches during %d writes by another backend: %d mixed%n",
          searches, writes.get(), mixed);
      assertThat(mixed).as("searches (of %d, during %d writes) whose page and total disagree: %s",
          searches, writes.get(), examples).isZero();
    }
  }
}
