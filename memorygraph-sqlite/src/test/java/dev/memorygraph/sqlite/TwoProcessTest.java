package dev.memorygraph.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.SearchQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two processes writing one file at once while the parent reads it. */
class TwoProcessTest {
  private Path dir;

  @AfterEach
  void clean() {
    TestFiles.deleteTree(dir);
  }

  @Test
  void twoWritingProcessesAndAReaderShareOneFile() throws Exception {
    dir = TestFiles.newDir("twoproc");
    Path db = dir.resolve("memory.db");
    int perChild = 1000;
    List<String> readErrors = new ArrayList<>();
    long reads = 0;
    Path go = dir.resolve("go");
    try (MemoryGraph graph = MemoryGraph.open(SqliteBackend.builder().path(db).build());
        ChildJvm a = new ChildJvm(db, "a", perChild, go); ChildJvm b = new ChildJvm(db, "b", perChild, go)) {
      assertThat(a.awaitReady(60)).as("writer a started:\n" + a.output()).isTrue();
      assertThat(b.awaitReady(60)).as("writer b started:\n" + b.output()).isTrue();
      Files.createFile(go);
      while (a.process.isAlive() || b.process.isAlive()) {
        try {
          graph.search(SearchQuery.builder().text("payload").tags("crash").limit(5).build());
          graph.statistics();
          reads++;
        } catch (RuntimeException e) {
          readErrors.add(e.toString());
        }
        Thread.sleep(5);
      }
      assertThat(a.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(b.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      a.drain();
      b.drain();
      assertThat(a.process.exitValue()).as("writer a:\n" + a.output()).isZero();
      assertThat(b.process.exitValue()).as("writer b:\n" + b.output()).isZero();
      assertThat(a.output() + b.output()).doesNotContain("SQLITE_BUSY").doesNotContain("ERROR");
      assertThat(a.acknowledged("a")).hasSize(perChild);
      assertThat(b.acknowledged("b")).hasSize(perChild);

      Set<String> present = new HashSet<>();
      graph.exportMemories((Memory m) -> present.add(m.id()));
      assertThat(present).containsAll(a.acknowledged("a")).containsAll(b.acknowledged("b"));
      assertThat(graph.search(SearchQuery.builder().text("payload").tags("a").limit(1).build()).total())
          .isEqualTo(perChild);
      assertThat(graph.search(SearchQuery.builder().text("payload").tags("b").limit(1).build()).total())
          .isEqualTo(perChild);
      // The two writers really overlapped: their rows interleave in commit (rowid) order.
      List<Map<String, Object>> ranges = graph.executeQuery("SELECT substr(id, 1, 1) AS w, min(rowid) AS lo,"
          + " max(rowid) AS hi FROM memories GROUP BY w ORDER BY w", Map.of(), false);
      assertThat(ranges).hasSize(2);
      long aLo = ((Number) ranges.get(0).get("lo")).longValue();
      long aHi = ((Number) ranges.get(0).get("hi")).longValue();
      long bLo = ((Number) ranges.get(1).get("lo")).longValue();
      long bHi = ((Number) ranges.get(1).get("hi")).longValue();
      assertThat(aLo < bHi && bLo < aHi).as("writes of a [%d..%d] and b [%d..%d] interleave", aLo, aHi, bLo, bHi).isTrue();
    }
    assertThat(readErrors).as("reads while two processes write").isEmpty();
    assertThat(reads).isPositive();
  }
}
