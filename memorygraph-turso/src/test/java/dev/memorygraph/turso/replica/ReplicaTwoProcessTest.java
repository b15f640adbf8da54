package dev.memorygraph.turso.replica;

import static dev.memorygraph.turso.replica.ReplicaTestSupport.insert;
import static dev.memorygraph.turso.replica.ReplicaTestSupport.integrity;
import static dev.memorygraph.turso.replica.ReplicaTestSupport.options;
import static dev.memorygraph.turso.replica.ReplicaTestSupport.primaryRows;
import static dev.memorygraph.turso.replica.ReplicaTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.turso.hrana.HranaClient;
import dev.memorygraph.turso.hrana.HranaStatement;
import dev.memorygraph.turso.testing.TestDirs;
import dev.memorygraph.turso.testing.TursoServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two JVM processes use one replica directory at the same time. */
class ReplicaTwoProcessTest {

  @Test
  void twoProcessesWritingThroughOneReplicaDirectoryLoseNothing() throws Exception {
    try (TursoServer server = TursoServer.start(TestDirs.newTempDir("twoproc-primary"));
        HranaClient sql = HranaClient.builder().url(server.url()).build()) {
      Path dir = TestDirs.newTempDir("twoproc-replica");
      try (ReplicaEngine e = ReplicaEngine.open(options(dir, server.url()).build())) {
        e.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
        e.write("insert", List.of(insert("hot", "counter")));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
            ReplicaWriterChild.class.getName(), dir.toString(), server.url(), "10", "child-"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(Path.of(System.getProperty("java.io.tmpdir"), "writer-child.log").toFile()));
        Process child = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          assertThat(out.readLine()).as("child output (stderr in target/writer-child.log)").isEqualTo("OPEN");
          for (int i = 0; i < 10; i++) {
            e.write("insert", List.of(insert("parent-" + i, "parent")));
            e.write("bump", List.of(HranaStatement.of("UPDATE items SET n = n + 1 WHERE id = ?", "hot")));
          }
          String last;
          do {
            last = out.readLine();
          } while (last != null && !last.equals("DONE"));
          assertThat(last).isEqualTo("DONE");
          assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
          assertThat(child.exitValue()).isZero();
        } finally {
          child.destroyForcibly();
        }
        e.syncNow(true);
        assertThat(primaryRows(sql)).hasSize(21).containsEntry("hot", "counter|20");
        assertThat(rows(e)).isEqualTo(primaryRows(sql));
        assertThat(e.syncStatus().outboxSize()).isZero();
        assertThat(integrity(e)).isEqualTo("ok");
      }
    }
  }
}
