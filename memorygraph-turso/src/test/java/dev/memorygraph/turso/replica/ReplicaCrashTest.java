package dev.memorygraph.turso.replica;

import static dev.memorygraph.turso.replica.ReplicaTestSupport.insert;
import static dev.memorygraph.turso.replica.ReplicaTestSupport.integrity;
import static dev.memorygraph.turso.replica.ReplicaTestSupport.options;
import static dev.memorygraph.turso.replica.ReplicaTestSupport.primaryRows;
import static dev.memorygraph.turso.replica.ReplicaTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.spi.SyncCapable.SyncResult;
import dev.memorygraph.turso.hrana.HranaClient;
import dev.memorygraph.turso.hrana.HranaStatement;
import dev.memorygraph.turso.testing.TestDirs;
import dev.memorygraph.turso.testing.TursoServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client JVM is killed with SIGKILL while it writes pulled pages into base.db. */
class ReplicaCrashTest {

  @Test
  void sigkillWhileApplyingPagesLosesNothingAndDuplicatesNothing() throws Exception {
    try (TursoServer server = TursoServer.start(TestDirs.newTempDir("crash-primary"));
        HranaClient sql = HranaClient.builder().url(server.url()).build();
        ReplicaFaultProxy proxy = new ReplicaFaultProxy(server.port())) {
      Path dir = TestDirs.newTempDir("crash-replica");
      try (ReplicaEngine e = ReplicaEngine.open(options(dir, proxy.url()).build())) {
        e.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
        List<HranaStatement> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          rows.add(insert("r" + i, "z".repeat(900)));
        }
        e.write("bulk", rows);
        // Acknowledged offline writes, among them a non-idempotent counter bump.
        proxy.setDown(true);
        for (int i = 0; i < 5; i++) {
          assertThat(e.write("insert", List.of(insert("ack" + i, "acknowledged"))).onPrimary()).isFalse();
        }
        e.write("bump", List.of(HranaStatement.of("UPDATE items SET n = n + 1 WHERE id = ?", "r0")));
        assertThat(e.syncStatus().outboxSize()).isEqualTo(6);
      }
      proxy.setDown(false);
      // Many remote changes, so that the next pull carries many pages.
      List<HranaStatement> updates = new ArrayList<>();
      for (int i = 0; i < 300; i += 2) {
        updates.add(HranaStatement.of("UPDATE items SET body = ? WHERE id = ?", "remote " + i + " " + "w".repeat(700), "r" + i));
      }
      sql.executeAtomic(updates);

      Process child = startChild(dir, proxy.url(), 5);
      String line;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        do {
          line = out.readLine();
        } while (line != null && !line.equals("STALLED") && !line.equals("FINISHED"));
        assertThat(line).as("child output (stderr in target/crash-child.log)").isEqualTo("STALLED");
        child.destroyForcibly(); // SIGKILL on Linux
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
      }
      // Killed half-way through patching base.db: the sealed redo record is still there.
      assertThat(Files.exists(dir.resolve("pull.redo"))).isTrue();

      try (ReplicaEngine again = ReplicaEngine.open(options(dir, proxy.url()).build())) {
        assertThat(Files.exists(dir.resolve("pull.redo"))).isFalse();
        assertThat(integrity(again)).isEqualTo("ok");
        again.syncNow(true);
        Map<String, String> primary = primaryRows(sql);
        for (int i = 0; i < 5; i++) {
          assertThat(primary).containsEntry("ack" + i, "acknowledged|0");
        }
        List<List<Object>> counts = sql.query(HranaStatement.of("SELECT count(*), count(DISTINCT id) FROM items")).rows();
        assertThat(counts.get(0)).containsExactly(305L, 305L);
        assertThat(primary.get("r0")).startsWith("remote 0 ").endsWith("|1"); // bumped exactly once
        assertThat(primary.get("r2")).startsWith("remote 2 ");
        assertThat(rows(again)).isEqualTo(primary);
        assertThat(again.syncStatus().outboxSize()).isZero();
      }
      assertThat(integrity(dir.resolve("base.db"))).isEqualTo("ok");
    }
  }

  @Test
  void sigkillAfterThePrimaryCommittedAPushBeforeTheReplicaRecordedItAppliesItOnce() throws Exception {
    try (TursoServer server = TursoServer.start(TestDirs.newTempDir("crash-primary"));
        HranaClient sql = HranaClient.builder().url(server.url()).build();
        ReplicaFaultProxy proxy = new ReplicaFaultProxy(server.port())) {
      Path dir = TestDirs.newTempDir("crash-replica");
      try (ReplicaEngine e = ReplicaEngine.open(options(dir, proxy.url()).build())) {
        e.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
        e.write("insert", List.of(insert("c", "counter")));
        proxy.setDown(true);
        for (int i = 0; i < 3; i++) {
          assertThat(e.write("bump", List.of(HranaStatement.of("UPDATE items SET n = n + 1 WHERE id = ?", "c"))).onPrimary()).isFalse();
        }
        e.write("insert", List.of(insert("queued", "q")));
      }
      proxy.setDown(false);
      Process child = startChild(dir, proxy.url(), 0);
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        do {
          line = out.readLine();
        } while (line != null && !line.equals("STALLED") && !line.equals("FINISHED"));
        assertThat(line).as("child output (stderr in target/crash-child.log)").isEqualTo("STALLED");
        child.destroyForcibly();
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
      }
      // The first offline push attempt recorded {bump 1} as the pending batch (later writes were
      // queued behind it); the child resent exactly that batch, the primary committed it, and the
      // child died before forgetting it.
      assertThat(primaryRows(sql)).containsEntry("c", "counter|1").doesNotContainKey("queued");
      try (ReplicaEngine again = ReplicaEngine.open(options(dir, proxy.url()).autoSync(false).build())) {
        assertThat(again.syncStatus().outboxSize()).isEqualTo(4);
        SyncResult r = again.syncNow(true);
        assertThat(r.pushed()).isEqualTo(4); // bump 1 recognised through the push log, not applied again
        assertThat(primaryRows(sql)).containsEntry("c", "counter|3").containsKey("queued");
        assertThat(rows(again)).isEqualTo(primaryRows(sql));
        assertThat(again.syncStatus().outboxSize()).isZero();
        assertThat(integrity(again)).isEqualTo("ok");
      }
    }
  }

  private static Process startChild(Path dir, String url, int stallAfterPages) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", cp, "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        ReplicaCrashChild.class.getName(), dir.toString(), url, Integer.toString(stallAfterPages));
    pb.redirectError(ProcessBuilder.Redirect.appendTo(Path.of(System.getProperty("java.io.tmpdir"), "crash-child.log").toFile()));
    return pb.start();
  }
}
