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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publishes that copy only the changed rows (the primary's change log + work.db's dirty rows),
 * against a REAL tursodb primary: each test checks which kind of publish ran and that the
 * replica then holds exactly the primary's rows.
 */
class ReplicaRowPublishTest {
  TursoServer server;
  HranaClient sql;
  ReplicaEngine replica;

  @BeforeEach
  void start() throws Exception {
    server = TursoServer.start(TestDirs.newTempDir("rows-primary"));
    sql = HranaClient.builder().url(server.url()).build();
    replica = ReplicaEngine.open(options(TestDirs.newTempDir("rows-replica"), server.url()).build());
    replica.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
  }

  @AfterEach
  void stop() throws Exception {
    replica.close();
    sql.close();
    server.close();
  }

  private long wholeFile() {
    return replica.publishCounts()[0];
  }

  private long rowByRow() {
    return replica.publishCounts()[1];
  }

  private void remote(String... statements) {
    List<HranaStatement> stmts = new ArrayList<>();
    for (String s : statements) {
      stmts.add(HranaStatement.of(s));
    }
    sql.executeAtomic(stmts);
  }

  private void remoteInserts(String prefix, int n) {
    List<HranaStatement> stmts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      stmts.add(insert(prefix + i, "body " + prefix + i));
    }
    sql.executeAtomic(stmts);
  }

  private void assertSameAsPrimary() {
    assertThat(rows(replica)).isEqualTo(primaryRows(sql));
    assertThat(integrity(replica)).isEqualTo("ok");
  }

  @Test
  void theChangeLogIsInstalledOnThePrimaryWithTheSchema() {
    List<List<Object>> objects = sql.query(HranaStatement.of(
        "SELECT name FROM sqlite_schema WHERE name LIKE 'mg_replica_changes%' ORDER BY name")).rows();
    assertThat(objects).extracting(r -> r.get(0)).containsExactly(
        "mg_replica_changes", "mg_replica_changes_items_ad", "mg_replica_changes_items_ai", "mg_replica_changes_items_au");
  }

  @Test
  void remoteInsertsUpdatesDeletesAndKeyChangesArePublishedRowByRow() {
    long whole = wholeFile();
    remoteInserts("r", 30);
    replica.syncNow(false);
    assertSameAsPrimary();
    assertThat(rowByRow()).isEqualTo(1);

    remote("UPDATE items SET body = 'changed', n = n + 7 WHERE id IN ('r1', 'r2', 'r3')",
        "DELETE FROM items WHERE id IN ('r4', 'r5')",
        "UPDATE items SET id = 'renamed' WHERE id = 'r6'",
        "INSERT INTO items (id, body) VALUES ('late', 'late body')");
    replica.syncNow(false);
    assertSameAsPrimary();
    assertThat(rows(replica)).containsEntry("r1", "changed|7").containsKey("renamed").doesNotContainKeys("r4", "r5", "r6");
    assertThat(rowByRow()).isEqualTo(2);
    assertThat(wholeFile()).isEqualTo(whole);
  }

  @Test
  void localWritesEndAsThePrimaryResolvedThem() {
    replica.write("seed", List.of(insert("x", "seed"), insert("keep", "kept")));
    // Changes the replica has not seen yet: its local versions of x and y will be stale.
    remote("UPDATE items SET n = 5 WHERE id = 'x'", "INSERT INTO items (id, body) VALUES ('y', 'remote')");
    long whole = wholeFile();
    long rows = rowByRow();

    ReplicaEngine.WriteReceipt r = replica.write("bump", List.of(
        HranaStatement.of("UPDATE items SET n = n + 1 WHERE id = 'x'"),
        HranaStatement.of("INSERT OR IGNORE INTO items (id, body) VALUES ('y', 'local')")));
    assertThat(r.onPrimary()).isTrue();
    // Locally x would be 1 and y 'local'; the primary made them 6 and kept 'remote'.
    assertThat(rows(replica)).containsEntry("x", "seed|6").containsEntry("y", "remote|0").containsEntry("keep", "kept|0");
    assertSameAsPrimary();
    assertThat(rowByRow()).isEqualTo(rows + 1);
    assertThat(wholeFile()).isEqualTo(whole);
  }

  @Test
  void aLogPrunedPastTheReplicaMakesTheNextPublishCopyTheWholeFile() {
    remoteInserts("p", 10);
    replica.syncNow(false);
    long whole = wholeFile();
    remoteInserts("q", 10);
    // The replica has not seen these changes; drop all but the newest from the log.
    remote("DELETE FROM mg_replica_changes WHERE seq < (SELECT max(seq) FROM mg_replica_changes)");
    replica.syncNow(false);
    assertThat(wholeFile()).isEqualTo(whole + 1);
    assertSameAsPrimary();
    assertThat(rows(replica)).containsKeys("q0", "q9");

    // And row publishes resume from the new copy.
    long rows = rowByRow();
    remoteInserts("s", 3);
    replica.syncNow(false);
    assertThat(rowByRow()).isEqualTo(rows + 1);
    assertSameAsPrimary();
  }

  @Test
  void aSchemaChangeOnThePrimaryMakesThePublishCopyTheWholeFile() {
    long whole = wholeFile();
    remote("CREATE INDEX items_n_idx ON items(n)", "INSERT INTO items (id, body) VALUES ('after-ddl', 'b')");
    replica.syncNow(false);
    assertThat(wholeFile()).isEqualTo(whole + 1);
    assertSameAsPrimary();
    String indexes = replica.read(c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_schema WHERE name = 'items_n_idx'")) {
        rs.next();
        return rs.getString(1);
      }
    });
    assertThat(indexes).as("the new index reached the replica").isEqualTo("1");
  }

  @Test
  void anUntrackedTableOnThePrimaryKeepsEveryPublishAWholeFileCopy() {
    remote("CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT)");
    replica.syncNow(false);
    long whole = wholeFile();
    long rows = rowByRow();
    remote("INSERT INTO notes VALUES ('n1', 'untracked')", "INSERT INTO items (id, body) VALUES ('i1', 'tracked')");
    replica.syncNow(false);
    // A row publish could not follow notes: the whole file is copied, and the note is there.
    assertThat(wholeFile()).isEqualTo(whole + 1);
    assertThat(rowByRow()).isEqualTo(rows);
    String note = replica.read(c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT body FROM notes WHERE id = 'n1'")) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
    assertThat(note).isEqualTo("untracked");
    assertSameAsPrimary();
  }

  @Test
  void aReopenedReplicaCopiesTheWholeFileOnceThenPublishesRows() throws Exception {
    remoteInserts("o", 5);
    replica.syncNow(false);
    java.nio.file.Path dir = replica.workDb().getParent();
    replica.close();
    remoteInserts("while-closed", 4);
    replica = ReplicaEngine.open(options(dir, server.url()).build());
    replica.ensureChangeLog();
    // Opening copies base.db into work.db once; the sync at open then publishes the rows.
    assertThat(wholeFile()).isEqualTo(1);
    assertSameAsPrimary();
    remoteInserts("after-reopen", 2);
    long rows = rowByRow();
    replica.syncNow(false);
    assertThat(rowByRow()).isEqualTo(rows + 1);
    assertThat(wholeFile()).isEqualTo(1);
    assertSameAsPrimary();
  }
}
