package dev.memorygraph.turso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.ConflictException;
import dev.memorygraph.sqlite.store.Row;
import dev.memorygraph.sqlite.store.SqlStatement;
import dev.memorygraph.turso.hrana.HranaClient;
import dev.memorygraph.turso.hrana.HranaStatement;
import dev.memorygraph.turso.replica.ReplicaFaultProxy;
import dev.memorygraph.turso.testing.TursoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A read work function of several queries sees ONE state of the database although another client
 * (a second executor with its own HTTP client, as a second process would have) writes to the same
 * real {@code tursodb} server between its queries.
 */
@ExtendWith(TursoServer.Required.class)
class HranaSqlExecutorSnapshotTest {
  private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "hrana-snapshot-test");
  private static TursoServer server;
  private static HranaClient readerClient;
  private static HranaClient writerClient;
  private static HranaSqlExecutor reader;
  private static HranaSqlExecutor writer;
  private static int tables;

  @BeforeAll
  static void start() {
    server = TursoServer.start(DIR);
    readerClient = HranaClient.builder().url(server.url()).build();
    writerClient = HranaClient.builder().url(server.url()).build();
    reader = new HranaSqlExecutor(readerClient);
    writer = new HranaSqlExecutor(writerClient);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {readerClient, writerClient, server}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  /** A new table of {@code rows} rows all of generation 0. */
  private static String table(int rows) {
    String t = "s" + (++tables);
    List<SqlStatement> stmts = new ArrayList<>();
    stmts.add(SqlStatement.of("CREATE TABLE " + t + " (id TEXT PRIMARY KEY, gen INTEGER NOT NULL)"));
    for (int i = 0; i < rows; i++) {
      stmts.add(SqlStatement.of("INSERT INTO " + t + " (id, gen) VALUES (?, 0)", "r" + i));
    }
    writer.transaction(stmts);
    return t;
  }

  /** Replaces the whole content of {@code t} by {@code rows} rows of generation {@code gen}, atomically. */
  private static void replaceAll(HranaSqlExecutor ex, String t, long gen, int rows) {
    List<SqlStatement> stmts = new ArrayList<>();
    stmts.add(SqlStatement.of("DELETE FROM " + t));
    for (int i = 0; i < rows; i++) {
      stmts.add(SqlStatement.of("INSERT INTO " + t + " (id, gen) VALUES (?, ?)", "g" + gen + "-" + i, gen));
    }
    ex.transaction(stmts);
  }

  /** What a two-query read saw: the count, then the rows. */
  private record Seen(long count, List<Row> rows) {
    boolean agrees() {
      return count == rows.size() && rows.stream().map(r -> r.getLong(1)).distinct().count() <= 1;
    }
  }

  private static Seen countThenRows(dev.memorygraph.sqlite.store.SqlSession s, String t, Runnable between) {
    long count = s.query(SqlStatement.of("SELECT count(*) FROM " + t)).get(0).getLong(0);
    between.run();
    return new Seen(count, s.query(SqlStatement.of("SELECT id, gen FROM " + t + " ORDER BY id")));
  }

  @Test
  void aReadSeesOneStateWhenAnotherClientWritesBetweenItsQueries() {
    String t = table(3);
    int[] runs = {0};
    Seen seen = reader.read(s -> {
      runs[0]++;
      // The first time only, the other client replaces the rows between the two queries.
      return countThenRows(s, t, () -> {
        if (runs[0] == 1) {
          replaceAll(writer, t, 1, 5);
        }
      });
    });
    assertThat(seen.agrees()).as("count %d vs rows %s", seen.count(), seen.rows()).isTrue();
    assertThat(seen.count()).as("the state after the other client's write").isEqualTo(5);
    assertThat(runs[0]).as("the mixed first run was detected and the work ran again").isEqualTo(2);
  }

  @Test
  void readsAgreeWhileAnotherClientKeepsWriting() throws Exception {
    String t = table(2);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong writes = new AtomicLong();
    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    Thread w = new Thread(() -> {
      try {
        for (long gen = 1; !stop.get(); gen++) {
          replaceAll(writer, t, gen, 1 + (int) (gen % 4));
          writes.incrementAndGet();
          Thread.sleep(ThreadLocalRandom.current().nextInt(3));
        }
      } catch (Throwable e) {
        writerFailure.set(e);
      }
    }, "snapshot-test-writer");
    int reads = 300;
    int mixed = 0;
    long runs = 0;
    List<String> examples = new ArrayList<>();
    long[] attempts = {0};
    w.start();
    try {
      for (int i = 0; i < reads; i++) {
        Seen seen = reader.read(s -> {
          attempts[0]++;
          return countThenRows(s, t, () -> { });
        });
        if (!seen.agrees()) {
          mixed++;
          if (examples.size() < 3) {
            examples.add("count " + seen.count() + " but rows " + seen.rows().stream().map(Row::toMap).toList());
          }
        }
      }
      runs = attempts[0];
    } finally {
      stop.set(true);
      w.join();
    }
    assertThat(writerFailure.get()).isNull();
    assertThat(writes.get()).as("the other client wrote while the reads ran").isPositive();
    System.out.printf("snapshot race: %d reads (%d work runs) during %d writes by another client: %d mixed%n",
        reads, runs, writes.get(), mixed);
    assertThat(mixed).as("reads (of %d, during %d concurrent writes) whose two queries saw different states: %s",
        reads, writes.get(), examples).isZero();
  }

  @Test
  void aReadWhoseWorkFailedOnMixedStatesRunsAgain() {
    String t = table(1);
    int[] runs = {0};
    String gen = reader.read(s -> {
      runs[0]++;
      String id = s.query(SqlStatement.of("SELECT id FROM " + t)).get(0).getString(0);
      if (runs[0] == 1) {
        replaceAll(writer, t, 7, 1);
      }
      List<Row> row = s.query(SqlStatement.of("SELECT gen FROM " + t + " WHERE id = ?", id));
      if (row.isEmpty()) {
        // What a store does when a row it just listed is gone, e.g. NotFoundException.
        throw new IllegalStateException("row " + id + " listed but not found");
      }
      return id + "@" + row.get(0).getLong(0);
    });
    assertThat(gen).isEqualTo("g7-0@7");
    assertThat(runs[0]).isEqualTo(2);
  }

  @Test
  void aWriteWhoseWorkFailedOnMixedStatesRunsAgain() {
    String t = table(1);
    int[] runs = {0};
    long written = reader.write(s -> {
      runs[0]++;
      String id = s.query(SqlStatement.of("SELECT id FROM " + t)).get(0).getString(0);
      if (runs[0] == 1) {
        replaceAll(writer, t, 9, 1);
      }
      List<Row> row = s.query(SqlStatement.of("SELECT gen FROM " + t + " WHERE id = ?", id));
      if (row.isEmpty()) {
        throw new IllegalStateException("row " + id + " listed but not found");
      }
      return (long) s.execute(SqlStatement.of("UPDATE " + t + " SET gen = gen + 1 WHERE id = ?", id));
    });
    assertThat(written).isEqualTo(1);
    assertThat(runs[0]).isEqualTo(2);
    assertThat(reader.query(SqlStatement.of("SELECT id, gen FROM " + t)).get(0).toMap())
        .containsEntry("id", "g9-0").containsEntry("gen", 10L);
  }

  @Test
  void aFailureOnOneConsistentStateIsThrownAtOnce() {
    String t = table(1);
    int[] runs = {0};
    assertThatThrownBy(() -> reader.read(s -> {
      runs[0]++;
      s.query(SqlStatement.of("SELECT count(*) FROM " + t));
      s.query(SqlStatement.of("SELECT count(*) FROM " + t));
      throw new IllegalStateException("the work's own failure");
    })).hasMessage("the work's own failure");
    assertThat(runs[0]).isEqualTo(1);
  }

  @Test
  void aReadThatNeverSeesOneStateGivesUpWithAConflict() {
    String t = table(1);
    HranaSqlExecutor impatient = new HranaSqlExecutor(readerClient, Duration.ofMillis(300));
    long[] gen = {100};
    int[] runs = {0};
    assertThatThrownBy(() -> impatient.read(s -> {
      runs[0]++;
      return countThenRows(s, t, () -> replaceAll(writer, t, ++gen[0], 2));
    })).isInstanceOf(ConflictException.class)
        .hasMessageContaining("other clients kept writing")
        .hasMessageContaining("read");
    assertThat(runs[0]).isGreaterThan(1);
  }

  /**
   * A database whose revision table does not exist yet (no writer of this library ever wrote):
   * reads work and do not create it, and a library write that creates it between two queries of
   * a read is still detected.
   */
  @Test
  void readsWorkWithoutTheRevisionTableAndDoNotCreateIt() {
    try (TursoServer fresh = TursoServer.start(DIR);
        HranaClient a = HranaClient.builder().url(fresh.url()).build();
        HranaClient b = HranaClient.builder().url(fresh.url()).build()) {
      // Plain autocommit DDL + insert: no library write, so no revision table.
      a.execute(HranaStatement.of("CREATE TABLE plain (id TEXT PRIMARY KEY, gen INTEGER NOT NULL)"));
      a.execute(HranaStatement.of("INSERT INTO plain (id, gen) VALUES ('r0', 0)"));
      HranaSqlExecutor readOnly = new HranaSqlExecutor(a);
      HranaSqlExecutor other = new HranaSqlExecutor(b);
      long one = readOnly.read(s -> s.query(SqlStatement.of("SELECT count(*) FROM plain")).get(0).getLong(0));
      assertThat(one).isEqualTo(1);
      assertThat(readOnly.read(s -> countThenRows(s, "plain", () -> { })).agrees()).isTrue();
      assertThat(revisionTableExists(a)).as("reads never write").isFalse();

      int[] runs = {0};
      Seen seen = readOnly.read(s -> {
        runs[0]++;
        return countThenRows(s, "plain", () -> {
          if (runs[0] == 1) {
            replaceAll(other, "plain", 1, 3);
          }
        });
      });
      assertThat(revisionTableExists(a)).as("created by the other client's write").isTrue();
      assertThat(seen.agrees()).isTrue();
      assertThat(seen.count()).isEqualTo(3);
      assertThat(runs[0]).isEqualTo(2);
    }
  }

  private static boolean revisionTableExists(HranaClient c) {
    return (Long) c.query(HranaStatement.of("SELECT count(*) FROM sqlite_schema WHERE name = ?",
        HranaSqlExecutor.REVISION_TABLE)).rows().get(0).get(0) > 0;
  }

  /** The snapshot check costs no extra request: tursodb closes each connection, so connections = requests. */
  @Test
  void theCheckRidesOnTheReadsOwnRequests() throws Exception {
    String t = table(2);
    try (ReplicaFaultProxy proxy = new ReplicaFaultProxy(server.port());
        HranaClient c = HranaClient.builder().url(proxy.url()).build()) {
      HranaSqlExecutor ex = new HranaSqlExecutor(c);
      int before = proxy.connections();
      long two = ex.read(s -> s.query(SqlStatement.of("SELECT count(*) FROM " + t)).get(0).getLong(0));
      assertThat(two).isEqualTo(2);
      assertThat(proxy.connections() - before).as("requests of a one-query read").isEqualTo(1);
      before = proxy.connections();
      assertThat(ex.read(s -> countThenRows(s, t, () -> { })).agrees()).isTrue();
      assertThat(proxy.connections() - before).as("requests of a two-query read").isEqualTo(2);
      before = proxy.connections();
      ex.read(s -> {
        for (int i = 0; i < 5; i++) {
          s.query(SqlStatement.of("SELECT count(*) FROM " + t));
        }
        return null;
      });
      assertThat(proxy.connections() - before).as("requests of a five-query read").isEqualTo(5);
    }
  }
}
