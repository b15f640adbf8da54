package dev.memorygraph.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.SearchQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 in the middle of writing: a child JVM stores memories one at a time and prints each
 * acknowledged id; the parent kills it with SIGKILL at random moments, many times, then checks
 * that the file is intact and every acknowledged write is there.
 */
class CrashRecoveryTest {
  private Path dir;

  @AfterEach
  void clean() {
    TestFiles.deleteTree(dir);
  }

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    dir = TestFiles.newDir("crash");
    Path db = dir.resolve("memory.db");
    Random random = new Random(42);
    Set<String> acknowledged = new HashSet<>();
    int rounds = 20;
    int killedWhileWriting = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    for (int round = 0; round < rounds && System.nanoTime() < deadline; round++) {
      String prefix = "r" + round;
      try (ChildJvm child = new ChildJvm(db, prefix, -1)) {
        assertThat(child.awaitReady(60)).as("child started:\n" + child.output()).isTrue();
        Thread.sleep(50 + random.nextInt(400));
        child.process.destroyForcibly();
        assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        child.drain();
        assertThat(child.output()).as("child output").doesNotContain("ERROR");
        List<String> ids = child.acknowledged(prefix);
        acknowledged.addAll(ids);
        if (!ids.isEmpty()) {
          killedWhileWriting++;
        }
      }
      // Between rounds, the file must be intact and complete.
      assertIntactAndComplete(db, acknowledged);
    }
    System.out.printf("crash test: %d acknowledged writes over %d rounds killed mid-stream%n",
        acknowledged.size(), killedWhileWriting);
    assertThat(killedWhileWriting).as("rounds that were killed mid-stream of writes").isGreaterThan(0);
    assertThat(acknowledged).isNotEmpty();
    try (MemoryGraph graph = MemoryGraph.open(SqliteBackend.builder().path(db).build())) {
      assertThat(graph.search(SearchQuery.builder().text("crash payload").limit(1).build()).total())
          .as("the FTS index was kept in step with the rows")
          .isGreaterThanOrEqualTo(acknowledged.size());
    }
  }

  private static void assertIntactAndComplete(Path db, Set<String> acknowledged) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("ok");
      }
      st.execute("INSERT INTO memories_fts(memories_fts) VALUES ('integrity-check')");
    }
    try (MemoryGraph graph = MemoryGraph.open(SqliteBackend.builder().path(db).readers(1).build())) {
      Set<String> present = new HashSet<>();
      graph.exportMemories((Memory m) -> present.add(m.id()));
      assertThat(present).containsAll(acknowledged);
    }
  }
}
