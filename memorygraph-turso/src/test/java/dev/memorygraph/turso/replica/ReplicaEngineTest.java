package dev.memorygraph.turso.replica;

import static dev.memorygraph.turso.replica.ReplicaTestSupport.insert;
import static dev.memorygraph.turso.replica.ReplicaTestSupport.integrity;
import static dev.memorygraph.turso.replica.ReplicaTestSupport.primaryRows;
import static dev.memorygraph.turso.replica.ReplicaTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.ConflictException;
import dev.memorygraph.SyncConflictException;
import dev.memorygraph.spi.SyncCapable.SyncResult;
import dev.memorygraph.turso.hrana.HranaClient;
import dev.memorygraph.turso.hrana.HranaStatement;
import dev.memorygraph.turso.testing.TestDirs;
import dev.memorygraph.turso.testing.TursoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two (or more) embedded replicas of one REAL tursodb primary, publishing changed rows of the
 * tracked test table ({@link ReplicaEngineWholeFileTest} runs the same with whole-file publishes).
 */
class ReplicaEngineTest {
  TursoServer server;
  HranaClient sql;
  final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = TursoServer.start(TestDirs.newTempDir("replica-primary"));
    sql = HranaClient.builder().url(server.url()).build();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    sql.close();
    server.close();
  }

  /** The tables the replicas of this test publish row by row. */
  List<TrackedTable> tracked() {
    return ReplicaTestSupport.TRACKED;
  }

  ReplicaOptions.Builder options(Path dir, String url) {
    return ReplicaTestSupport.options(dir, url).trackedTables(tracked());
  }

  private ReplicaEngine open(String url) throws Exception {
    return open(options(TestDirs.newTempDir("replica"), url).build());
  }

  private ReplicaEngine open(ReplicaOptions o) {
    ReplicaEngine e = ReplicaEngine.open(o);
    toClose.add(e);
    return e;
  }

  private ReplicaFaultProxy proxy() throws Exception {
    ReplicaFaultProxy p = new ReplicaFaultProxy(server.port());
    toClose.add(p);
    return p;
  }

  @Test
  void writesOnOneReplicaAppearOnTheOtherAfterSync() throws Exception {
    ReplicaEngine a = open(server.url());
    ReplicaEngine b = open(server.url());
    a.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);

    ReplicaEngine.WriteReceipt r = a.write("insert", List.of(insert("x", "from a")));
    assertThat(r.onPrimary()).isTrue();
    assertThat(rows(a)).containsEntry("x", "from a|0"); // read-your-writes
    assertThat(primaryRows(sql)).containsOnlyKeys("x");
    assertThat(a.syncStatus().outboxSize()).isZero();

    SyncResult s = b.syncNow(false);
    assertThat(s.pulledPages()).isPositive();
    assertThat(s.conflicts()).isEmpty();
    assertThat(rows(b)).containsEntry("x", "from a|0");
    assertThat(b.syncStatus().revision()).isEqualTo(a.syncStatus().revision()).isEqualTo(s.revision());
    assertThat(b.syncStatus().lastSuccess()).isNotNull();
    assertThat(b.syncStatus().lastError()).isNull();
    assertThat(integrity(a)).isEqualTo("ok");
    assertThat(integrity(b)).isEqualTo("ok");

    // A second sync with nothing new pulls nothing.
    assertThat(b.syncNow(false).pulledPages()).isZero();
    // The asynchronous SPI form works too.
    sql.execute(insert("y", "remote"));
    SyncResult async = b.sync().get();
    assertThat(async.pulledPages()).isPositive();
    assertThat(rows(b)).containsKeys("x", "y");
  }

  @Test
  void offlineWritesOnBothReplicasConvergeAfterSync() throws Exception {
    ReplicaFaultProxy pa = proxy();
    ReplicaFaultProxy pb = proxy();
    ReplicaEngine a = open(pa.url());
    ReplicaEngine b = open(pb.url());
    a.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
    a.write("insert", List.of(insert("shared", "v0")));
    b.syncNow(false);
    assertThat(rows(b)).containsKey("shared");

    pa.setDown(true);
    pb.setDown(true);
    assertThat(a.write("insert", List.of(insert("a1", "A"))).onPrimary()).isFalse();
    assertThat(a.write("insert", List.of(insert("a2", "A"))).onPrimary()).isFalse();
    assertThat(b.write("insert", List.of(insert("b1", "B"))).onPrimary()).isFalse();
    a.write("bump", List.of(HranaStatement.of("UPDATE items SET n = n + 1 WHERE id = ?", "shared")));
    b.write("bump", List.of(HranaStatement.of("UPDATE items SET n = n + 10 WHERE id = ?", "shared")));
    // Offline writes are visible locally at once and queued durably.
    assertThat(rows(a)).containsKeys("a1", "a2").containsEntry("shared", "v0|1").doesNotContainKey("b1");
    assertThat(rows(b)).containsKeys("b1").containsEntry("shared", "v0|10");
    assertThat(a.syncStatus().outboxSize()).isEqualTo(3);
    assertThat(b.outbox()).extracting(OutboxEntry::operation).containsExactly("insert", "bump");
    assertThatThrownBy(() -> a.syncNow(false)).isInstanceOf(BackendUnavailableException.class);
    assertThat(a.syncStatus().lastError()).isNotNull().doesNotContain("test-token-never-logged");
    assertThat(a.syncStatus().outboxSize()).isEqualTo(3);

    pa.setDown(false);
    pb.setDown(false);
    SyncResult ra = a.syncNow(false);
    SyncResult rb = b.syncNow(false);
    a.syncNow(false);
    assertThat(ra.pushed()).isEqualTo(3);
    assertThat(rb.pushed()).isEqualTo(2);
    Map<String, String> expected = primaryRows(sql);
    assertThat(expected).containsOnlyKeys("shared", "a1", "a2", "b1").containsEntry("shared", "v0|11");
    assertThat(rows(a)).isEqualTo(expected);
    assertThat(rows(b)).isEqualTo(expected);
    assertThat(a.syncStatus().outboxSize()).isZero();
    assertThat(b.syncStatus().outboxSize()).isZero();
    assertThat(integrity(a)).isEqualTo("ok");
  }

  @Test
  void conflictingOfflineWriteIsReportedKeptAndCanBeDroppedOrRetried() throws Exception {
    ReplicaFaultProxy pa = proxy();
    ReplicaFaultProxy pb = proxy();
    ReplicaEngine a = open(pa.url());
    ReplicaEngine b = open(pb.url());
    a.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
    b.syncNow(false);
    pa.setDown(true);
    pb.setDown(true);
    a.write("insert", List.of(insert("dup", "A's")));
    b.write("insert", List.of(insert("dup", "B's")));
    long bOk = b.write("insert", List.of(insert("b-only", "fine"))).outboxId();
    pa.setDown(false);
    pb.setDown(false);
    assertThat(a.syncNow(false).conflicts()).isEmpty();

    SyncResult rb = b.syncNow(false);
    assertThat(rb.conflicts()).hasSize(1);
    long dupId = rb.conflicts().get(0).entryId();
    assertThat(dupId).isNotEqualTo(bOk);
    assertThat(rb.conflicts().get(0).error()).containsIgnoringCase("unique");
    assertThat(rb.conflicts().get(0).operation()).isEqualTo("insert");
    assertThat(rb.pushed()).isEqualTo(1); // the non-conflicting entry still went through
    assertThat(primaryRows(sql)).containsEntry("dup", "A's|0").containsKey("b-only");
    // Kept, not lost: still in the outbox, flagged, reported by status and by the throwing form.
    assertThat(b.outbox()).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(dupId);
      assertThat(e.inConflict()).isTrue();
      assertThat(e.statements().get(0).args()).containsExactly("dup", "B's");
    });
    assertThat(b.syncStatus().outboxSize()).isEqualTo(1);
    assertThat(b.syncStatus().lastError()).contains("rejected");
    assertThatThrownBy(() -> b.syncNow(true)).isInstanceOf(SyncConflictException.class)
        .satisfies(e -> assertThat(((SyncConflictException) e).conflictIds()).containsExactly(dupId));

    // Retry after the remote row is removed: the kept entry is pushed.
    sql.execute(HranaStatement.of("DELETE FROM items WHERE id = ?", "dup"));
    assertThat(b.retryOutboxEntries(List.of(dupId))).isEqualTo(1);
    SyncResult retried = b.syncNow(true);
    assertThat(retried.pushed()).isEqualTo(1);
    assertThat(primaryRows(sql)).containsEntry("dup", "B's|0");
    assertThat(b.outbox()).isEmpty();

    // A second conflict, this time dropped explicitly: the local effect disappears with it.
    pb.setDown(true);
    b.write("insert", List.of(insert("z", "local z")));
    pb.setDown(false);
    sql.execute(insert("z", "remote z"));
    long zId = b.syncNow(false).conflicts().get(0).entryId();
    assertThat(b.dropOutboxEntries(List.of(zId))).isEqualTo(1);
    assertThat(b.outbox()).isEmpty();
    assertThat(rows(b)).containsEntry("z", "remote z|0");
    assertThat(b.syncNow(true).conflicts()).isEmpty();
  }

  @Test
  void onlineWriteRejectedByThePrimaryThrowsAndKeepsNothing() throws Exception {
    ReplicaEngine a = open(server.url());
    a.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
    sql.execute(insert("taken", "remote"));
    // a has not pulled "taken", so the insert succeeds locally and fails on the primary
    assertThatThrownBy(() -> a.write("insert", List.of(insert("taken", "local"))))
        .isInstanceOf(ConflictException.class).hasMessageContaining("insert");
    assertThat(a.outbox()).isEmpty();
    assertThat(rows(a)).containsEntry("taken", "remote|0");
    // and a write that fails locally never reaches the primary
    assertThatThrownBy(() -> a.write("insert", List.of(insert("taken", "again")))).isInstanceOf(ConflictException.class);
    assertThat(primaryRows(sql)).containsEntry("taken", "remote|0");
    // a multi-statement write is atomic on the primary: the failing second statement undoes the first
    sql.execute(insert("taken2", "remote"));
    assertThatThrownBy(() -> a.write("pair", List.of(insert("p1", "x"), insert("taken2", "local"))))
        .isInstanceOf(ConflictException.class);
    assertThat(a.outbox()).isEmpty();
    // a statement the replica cannot run is refused locally with the SQLite error, nothing queued
    assertThatThrownBy(() -> a.write("bad", List.of(HranaStatement.of("INSERT INTO nope VALUES (1)"))))
        .isInstanceOf(dev.memorygraph.MemoryGraphException.class).hasMessageContaining("no such table");
    assertThat(a.outbox()).isEmpty();
    assertThat(primaryRows(sql)).doesNotContainKey("p1");
    assertThat(rows(a)).doesNotContainKey("p1");
  }

  @Test
  void lostPushReplyIsAppliedExactlyOnce() throws Exception {
    ReplicaFaultProxy p = proxy();
    ReplicaOptions o = options(TestDirs.newTempDir("replica"), p.url()).build();
    ReplicaEngine a = ReplicaEngine.open(o, ReplicaTestSupport.noRetryClient(p.url()));
    toClose.add(a);
    a.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
    a.write("insert", List.of(insert("c", "counter")));
    // The push reaches the primary and commits, but its reply is lost.
    p.next(ReplicaFaultProxy.Fault.DROP_RESPONSE);
    ReplicaEngine.WriteReceipt r = a.write("bump", List.of(HranaStatement.of("UPDATE items SET n = n + 1 WHERE id = ?", "c")));
    assertThat(r.onPrimary()).isFalse();
    assertThat(primaryRows(sql)).containsEntry("c", "counter|1");
    assertThat(a.syncStatus().outboxSize()).isEqualTo(1);
    // Resent with the same (client_id, seq): the primary's push log says it is already applied.
    SyncResult s = a.syncNow(true);
    assertThat(s.pushed()).isEqualTo(1);
    assertThat(primaryRows(sql)).containsEntry("c", "counter|1");
    assertThat(rows(a)).containsEntry("c", "counter|1");
    assertThat(a.syncStatus().outboxSize()).isZero();
    List<List<Object>> log = sql.query(HranaStatement.of("SELECT count(*) FROM " + ReplicaEngine.PUSH_LOG + " WHERE client_id = ?", a.clientId())).rows();
    assertThat(log.get(0).get(0)).isEqualTo(2L);
  }

  @Test
  void pullCutMidStreamLeavesTheReplicaIntactAndTheNextSyncRecovers() throws Exception {
    ReplicaFaultProxy p = proxy();
    ReplicaEngine a = ReplicaEngine.open(options(TestDirs.newTempDir("replica"), p.url()).build(), ReplicaTestSupport.noRetryClient(p.url()));
    toClose.add(a);
    a.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
    a.write("insert", List.of(insert("before", "b")));
    List<HranaStatement> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(insert("r" + i, "y".repeat(800)));
    }
    sql.executeAtomic(many);
    String revBefore = a.syncStatus().revision();
    p.cutAfter(10_000); // header + two pages, then the connection drops
    p.next(ReplicaFaultProxy.Fault.CUT_RESPONSE);
    assertThatThrownBy(() -> a.syncNow(false)).isInstanceOf(BackendUnavailableException.class);
    assertThat(a.syncStatus().revision()).isEqualTo(revBefore);
    assertThat(rows(a)).containsOnlyKeys("before");
    assertThat(integrity(a)).isEqualTo("ok");
    assertThat(Files.exists(a.workDb().resolveSibling("pull.redo"))).isFalse();

    SyncResult s = a.syncNow(false);
    assertThat(s.pulledPages()).isPositive();
    assertThat(rows(a)).hasSize(101);
    assertThat(integrity(a)).isEqualTo("ok");
  }

  @Test
  void serverKilledThenRestartedLosesNothing() throws Exception {
    ReplicaEngine a = open(server.url());
    ReplicaEngine b = open(server.url());
    a.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
    a.write("insert", List.of(insert("k1", "before kill")));
    server.kill();
    assertThat(a.write("insert", List.of(insert("k2", "while down"))).onPrimary()).isFalse();
    assertThatThrownBy(() -> a.syncNow(false)).isInstanceOf(BackendUnavailableException.class);
    assertThatThrownBy(() -> b.syncNow(false)).isInstanceOf(BackendUnavailableException.class);
    assertThat(rows(a)).containsOnlyKeys("k1", "k2");
    assertThat(integrity(a)).isEqualTo("ok");

    server.restart();
    sql.close();
    sql = HranaClient.builder().url(server.url()).build();
    a.syncNow(true);
    b.syncNow(true);
    assertThat(primaryRows(sql)).containsOnlyKeys("k1", "k2");
    assertThat(rows(b)).isEqualTo(primaryRows(sql));
    assertThat(rows(a)).isEqualTo(primaryRows(sql));
  }

  @Test
  void revisionGoingBackwardsRebootstraps() throws Exception {
    Path dir = TestDirs.newTempDir("replica");
    ReplicaEngine a = ReplicaEngine.open(options(dir, server.url()).build());
    a.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
    for (int i = 0; i < 20; i++) {
      a.write("insert", List.of(insert("old" + i, "old")));
    }
    String oldRevision = a.syncStatus().revision();
    a.close();

    try (TursoServer fresh = TursoServer.start(TestDirs.newTempDir("replica-primary2"));
        HranaClient freshSql = HranaClient.builder().url(fresh.url()).build()) {
      freshSql.execute(HranaStatement.of(ReplicaTestSupport.SCHEMA.get(0)));
      freshSql.execute(insert("new", "only row"));
      ReplicaEngine again = open(options(dir, fresh.url()).build());
      assertThat(Long.parseLong(again.syncStatus().revision())).isLessThan(Long.parseLong(oldRevision));
      assertThat(rows(again)).containsOnlyKeys("new");
      assertThat(integrity(again)).isEqualTo("ok");
      again.close();
    }
  }

  @Test
  void reopenKeepsTheImageAndTheOutboxAndWorksOffline() throws Exception {
    Path dir = TestDirs.newTempDir("replica");
    ReplicaFaultProxy p = proxy();
    ReplicaEngine a = ReplicaEngine.open(options(dir, p.url()).build());
    a.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
    a.write("insert", List.of(insert("on", "line")));
    p.setDown(true);
    a.write("insert", List.of(insert("off", "line")));
    a.close();
    assertThatThrownBy(() -> rows(a)).isInstanceOf(BackendUnavailableException.class);

    ReplicaEngine again = open(options(dir, p.url()).build()); // starts offline: bootstrapped already
    assertThat(rows(again)).containsOnlyKeys("on", "off");
    assertThat(again.syncStatus().outboxSize()).isEqualTo(1);
    assertThat(again.syncStatus().lastError()).isNotNull();
    p.setDown(false);
    again.syncNow(true);
    assertThat(primaryRows(sql)).containsOnlyKeys("on", "off");
  }

  @Test
  void neverBootstrappedReplicaNeedsThePrimary() throws Exception {
    ReplicaFaultProxy p = proxy();
    p.setDown(true);
    assertThatThrownBy(() -> ReplicaEngine.open(options(TestDirs.newTempDir("replica"), p.url()).build()))
        .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("never bootstrapped");
  }

  @Test
  void twoEnginesOnOneDirectoryShareItsFilesSafely() throws Exception {
    Path dir = TestDirs.newTempDir("replica");
    ReplicaEngine first = open(options(dir, server.url()).build());
    first.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
    first.write("insert", List.of(insert("hot", "counter")));
    ReplicaEngine second = open(options(dir, server.url()).build());
    assertThat(second.clientId()).isEqualTo(first.clientId());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        ReplicaEngine e = t % 2 == 0 ? first : second;
        int thread = t;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 5; i++) {
            e.write("insert", List.of(insert("d" + thread + "-" + i, "x")));
            e.write("bump", List.of(HranaStatement.of("UPDATE items SET n = n + 1 WHERE id = ?", "hot")));
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(primaryRows(sql)).hasSize(21).containsEntry("hot", "counter|20");
    assertThat(rows(first)).isEqualTo(primaryRows(sql));
    assertThat(rows(second)).isEqualTo(primaryRows(sql));
    assertThat(first.syncStatus().outboxSize()).isZero();
    assertThat(second.syncStatus().outboxSize()).isZero();
    assertThat(integrity(first)).isEqualTo("ok");
    second.close();
    // The first engine keeps working after the other one left.
    first.write("insert", List.of(insert("after", "close")));
    assertThat(rows(first)).containsKey("after");
  }

  @Test
  void concurrentWritesAndSyncsAreSerialised() throws Exception {
    ReplicaEngine a = open(server.url());
    ReplicaEngine b = open(server.url());
    a.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
    b.syncNow(true);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 5; i++) {
            (thread % 2 == 0 ? a : b).write("insert", List.of(insert("t" + thread + "-" + i, "c")));
            (thread % 2 == 0 ? b : a).syncNow(false);
            rows(a);
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    a.syncNow(true);
    b.syncNow(true);
    assertThat(primaryRows(sql)).hasSize(20);
    assertThat(rows(a)).isEqualTo(primaryRows(sql));
    assertThat(rows(b)).isEqualTo(primaryRows(sql));
  }

  @Test
  void backgroundThreadSyncsAndStopsOnClose() throws Exception {
    ReplicaEngine a = open(server.url());
    a.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
    ReplicaEngine b = open(options(TestDirs.newTempDir("replica"), server.url()).syncInterval(Duration.ofMillis(200)).build());
    sql.execute(insert("bg", "pulled by the daemon"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!rows(b).containsKey("bg") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(rows(b)).containsKey("bg");
    assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("memorygraph-replica-sync"));
    b.close();
    a.close();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("memorygraph-replica-sync") && t.isAlive());
  }

  @Test
  void localIndexListenerIsRefreshedAfterEveryPublishAndLocalWrite() throws Exception {
    ReplicaFaultProxy p = proxy();
    ReplicaEngine a = open(p.url());
    a.applySchemaOnPrimary(ReplicaTestSupport.SCHEMA);
    a.addListener(new ReplicaListener() {
      @Override
      public void afterPublish(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.Statement st = c.createStatement()) {
          st.execute("CREATE VIRTUAL TABLE IF NOT EXISTS local.items_fts USING fts5(body, content='')");
          st.execute("INSERT INTO local.items_fts(items_fts) VALUES ('delete-all')");
          st.execute("INSERT INTO local.items_fts(rowid, body) SELECT rowid, body FROM main.items");
        }
      }

      @Override
      public void afterLocalWrite(java.sql.Connection c, String op, List<HranaStatement> s) throws java.sql.SQLException {
        afterPublish(c);
      }
    });
    a.write("insert", List.of(insert("f1", "quick brown fox")));
    p.setDown(true);
    a.write("insert", List.of(insert("f2", "lazy brown dog")));
    java.util.function.Function<String, List<String>> search = q -> a.read(c -> {
      List<String> ids = new ArrayList<>();
      try (java.sql.PreparedStatement ps = c.prepareStatement(
          "SELECT i.id FROM local.items_fts f JOIN main.items i ON i.rowid = f.rowid WHERE items_fts MATCH ? ORDER BY i.id")) {
        ps.setString(1, q);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      return ids;
    });
    assertThat(search.apply("brown")).containsExactly("f1", "f2");
    p.setDown(false);
    sql.execute(insert("f3", "brown remote bear"));
    a.syncNow(true);
    assertThat(search.apply("brown")).containsExactly("f1", "f2", "f3");
    assertThat(search.apply("fox")).containsExactly("f1");
  }
}
