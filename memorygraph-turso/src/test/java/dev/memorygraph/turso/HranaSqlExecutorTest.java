package dev.memorygraph.turso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.sqlite.store.Row;
import dev.memorygraph.sqlite.store.SqlStatement;
import dev.memorygraph.turso.hrana.HranaClient;
import dev.memorygraph.turso.hrana.HranaStatementException;
import dev.memorygraph.turso.testing.TursoServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store's executor seam over HTTP, against a real {@code tursodb --sync-server}. */
@ExtendWith(TursoServer.Required.class)
class HranaSqlExecutorTest {
  private static TursoServer server;
  private static HranaClient client;
  private static HranaSqlExecutor ex;
  private static int tables;

  @BeforeAll
  static void start() {
    server = TursoServer.start(Path.of(System.getProperty("java.io.tmpdir"), "hrana-executor-test"));
    client = HranaClient.builder().url(server.url()).build();
    ex = new HranaSqlExecutor(client);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static String table() {
    String t = "x" + (++tables);
    ex.transaction(List.of(SqlStatement.of("CREATE TABLE " + t + " (id TEXT PRIMARY KEY, n INTEGER NOT NULL)")));
    return t;
  }

  private static long count(String t) {
    return ex.query(SqlStatement.of("SELECT count(*) FROM " + t)).get(0).getLong(0);
  }

  @Test
  void aWriteSeesItsOwnPendingStatementsAndCommitsThemTogether() {
    String t = table();
    long seen = ex.write(s -> {
      s.execute(SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES (?, ?)", "a", 1L));
      s.execute(SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES (?, ?)", "b", 2L));
      // Not committed yet: another reader sees nothing ...
      assertThat(count(t)).isZero();
      // ... but the work itself does.
      return s.query(SqlStatement.of("SELECT sum(n) FROM " + t)).get(0).getLong(0);
    });
    assertThat(seen).isEqualTo(3);
    assertThat(count(t)).isEqualTo(2);
  }

  @Test
  void changeCountsAreExactAlthoughTheServerReportsZero() {
    String t = table();
    ex.transaction(List.of(
        SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES ('a', 1)"),
        SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES ('b', 1)"),
        SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES ('c', 2)")));
    int[] counts = ex.write(s -> new int[] {
        s.execute(SqlStatement.of("UPDATE " + t + " SET n = n + 10 WHERE n = ?", 1L)),
        s.execute(SqlStatement.of("DELETE FROM " + t + " WHERE id = ?", "missing")),
        s.executeAll(List.of(SqlStatement.of("DELETE FROM " + t + " WHERE id = 'c'"),
            SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES ('d', 4)")))});
    assertThat(counts).containsExactly(2, 0, 2);
    assertThat(ex.transaction(List.of(SqlStatement.of("DELETE FROM " + t + " WHERE n > ?", 10L)))).isEqualTo(2);
    assertThat(count(t)).isEqualTo(1);
  }

  @Test
  void aFailingWriteLeavesNothing() {
    String t = table();
    assertThatThrownBy(() -> ex.write(s -> {
      s.execute(SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES ('a', 1)"));
      s.execute(SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES ('b', 2)"));
      s.execute(SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES ('a', 3)"));
      return null;
    })).isInstanceOfSatisfying(HranaStatementException.class, e -> assertThat(e.isUniqueViolation()).isTrue());
    assertThat(count(t)).isZero();
    assertThatThrownBy(() -> ex.write(s -> {
      s.execute(SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES ('a', 1)"));
      throw new IllegalStateException("the work gave up");
    })).hasMessage("the work gave up");
    assertThat(count(t)).isZero();
    assertThatThrownBy(() -> ex.transaction(List.of(
        SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES ('z', 1)"),
        SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES ('y', NULL)"))))
        .isInstanceOfSatisfying(HranaStatementException.class, e -> assertThat(e.statementIndex()).isEqualTo(1));
    assertThat(count(t)).isZero();
  }

  /**
   * Two clients of one server (two executors, as two processes would have): a write that another
   * client commits between this work's read and its commit must not be lost; the work runs again.
   */
  @Test
  void aConcurrentWriteByAnotherClientIsNotLost() {
    String t = table();
    ex.transaction(List.of(SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES ('counter', 0)")));
    try (HranaClient otherClient = HranaClient.builder().url(server.url()).build()) {
      HranaSqlExecutor other = new HranaSqlExecutor(otherClient);
      int[] runs = {0};
      long written = ex.write(s -> {
        runs[0]++;
        long n = s.query(SqlStatement.of("SELECT n FROM " + t + " WHERE id = 'counter'")).get(0).getLong(0);
        if (runs[0] == 1) {
          // The other client increments the counter after our read, before our commit.
          other.write(o -> {
            long m = o.query(SqlStatement.of("SELECT n FROM " + t + " WHERE id = 'counter'")).get(0).getLong(0);
            return o.execute(SqlStatement.of("UPDATE " + t + " SET n = ? WHERE id = 'counter'", m + 1));
          });
        }
        s.execute(SqlStatement.of("UPDATE " + t + " SET n = ? WHERE id = 'counter'", n + 1));
        return n + 1;
      });
      assertThat(runs[0]).as("the first attempt was refused by the guard and the work ran again").isEqualTo(2);
      assertThat(written).isEqualTo(2);
      assertThat(ex.query(SqlStatement.of("SELECT n FROM " + t + " WHERE id = 'counter'")).get(0).getLong(0))
          .as("both increments are kept").isEqualTo(2);
    }
  }

  @Test
  void readsCannotWrite() {
    String t = table();
    assertThatThrownBy(() -> ex.runNative(SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES ('a', 1)"), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("write=true");
    assertThat(count(t)).isZero();
    List<Row> w = ex.runNative(SqlStatement.of("INSERT INTO " + t + " (id, n) VALUES ('a', 1)"), true);
    assertThat(w.get(0).toMap()).containsEntry("changes", 1L);
    List<Row> r = ex.runNative(SqlStatement.of("SELECT id, n FROM " + t), false);
    assertThat(r).hasSize(1);
    assertThat(r.get(0).toMap()).containsEntry("id", "a").containsEntry("n", 1L);
  }

  @Test
  void singleRowInsertsAreRecognised() {
    assertThat(HranaSqlExecutor.isSingleRowInsert("INSERT INTO t(a, b) VALUES (?, ?)")).isTrue();
    assertThat(HranaSqlExecutor.isSingleRowInsert(
        "INSERT INTO memories(id, x) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET x = excluded.x")).isTrue();
    assertThat(HranaSqlExecutor.isSingleRowInsert("INSERT INTO t(a) VALUES (?), (?)")).isFalse();
    assertThat(HranaSqlExecutor.isSingleRowInsert("INSERT OR IGNORE INTO t(a) VALUES (?)")).isFalse();
    assertThat(HranaSqlExecutor.isSingleRowInsert("INSERT INTO t(a) VALUES (?) ON CONFLICT DO NOTHING")).isFalse();
    assertThat(HranaSqlExecutor.isSingleRowInsert("INSERT INTO t(a) SELECT a FROM u")).isFalse();
    assertThat(HranaSqlExecutor.isSingleRowInsert("DELETE FROM t")).isFalse();
  }
}
