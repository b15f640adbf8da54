package dev.memorygraph.turso.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Page;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.spi.SyncCapable;
import dev.memorygraph.turso.HranaSqlExecutor;
import dev.memorygraph.turso.TursoBackend;
import dev.memorygraph.turso.TursoReplica;
import dev.memorygraph.turso.hrana.HranaClient;
import dev.memorygraph.turso.hrana.HranaStatement;
import dev.memorygraph.turso.testing.TestDirs;
import dev.memorygraph.turso.testing.TursoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TursoBackend in replica mode: offline writes, rowids renumbered by a publish, local FTS5 kept right. */
class ReplicaBackendTest {

  private static TursoBackend open(Path dir, String url) {
    TursoBackend b = TursoBackend.fromConfig(MemoryGraphConfig.builder()
        .set(ConfigKeys.MEMORY_TURSO_PATH, dir.toString())
        .set(ConfigKeys.TURSO_DATABASE_URL, url)
        .set(ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, "0").build());
    b.connect().join();
    b.initializeSchema().join();
    return b;
  }

  private static Memory memory(String id, String title) {
    return Memory.builder().id(id).type("solution").title(title).content("content of " + title).tags("replica").build();
  }

  private static List<String> search(TursoBackend b, String text) {
    Page<Memory> p = b.searchMemories(SearchQuery.builder().text(text).limit(100).build()).join();
    List<String> ids = new ArrayList<>();
    p.items().forEach(m -> ids.add(m.id()));
    return ids;
  }

  @Test
  void offlineWritesAreSearchableAndStayCorrectAfterThePublishRenumbersRows() throws Exception {
    try (TursoServer server = TursoServer.start(TestDirs.newTempDir("backend-primary"));
        ReplicaFaultProxy proxyA = new ReplicaFaultProxy(server.port())) {
      TursoBackend a = open(TestDirs.newTempDir("backend-a"), proxyA.url());
      TursoBackend b = open(TestDirs.newTempDir("backend-b"), server.url());
      try {
        a.storeMemory(memory("a-online", "zebra online")).join();
        proxyA.setDown(true);
        a.storeMemory(memory("a-off-1", "zebra offline one")).join();
        a.storeMemory(memory("a-off-2", "giraffe offline two")).join();
        assertThat(search(a, "zebra")).containsExactlyInAnyOrder("a-online", "a-off-1");
        assertThat(((SyncCapable) a).syncStatus().outboxSize()).isEqualTo(2);
        // Meanwhile B takes the next rowids on the primary.
        b.storeMemory(memory("b-1", "zebra from b")).join();
        b.storeMemory(memory("b-2", "giraffe from b")).join();

        proxyA.setDown(false);
        SyncCapable.SyncResult r = ((SyncCapable) a).sync().join();
        assertThat(r.pushed()).isEqualTo(2);
        assertThat(r.conflicts()).isEmpty();
        assertThat(search(a, "zebra")).containsExactlyInAnyOrder("a-online", "a-off-1", "b-1");
        assertThat(search(a, "giraffe")).containsExactlyInAnyOrder("a-off-2", "b-2");
        assertThat(search(a, "offline")).containsExactlyInAnyOrder("a-off-1", "a-off-2");
        ((SyncCapable) b).sync().join();
        assertThat(search(b, "zebra")).containsExactlyInAnyOrder("a-online", "a-off-1", "b-1");

        // Updates and deletes keep the local index exact.
        a.deleteMemory("a-off-1").join();
        a.storeMemory(memory("b-2", "okapi renamed")).join();
        assertThat(search(a, "zebra")).containsExactlyInAnyOrder("a-online", "b-1");
        assertThat(search(a, "giraffe")).containsExactly("a-off-2");
        assertThat(search(a, "okapi")).containsExactly("b-2");
        ((SyncCapable) b).sync().join();
        assertThat(search(b, "okapi")).containsExactly("b-2");
        assertThat(search(b, "zebra")).containsExactlyInAnyOrder("a-online", "b-1");
        assertThat(((SyncCapable) a).syncStatus().mode()).isEqualTo("replica");
        assertThat(((SyncCapable) a).syncStatus().outboxSize()).isZero();
      } finally {
        a.disconnect().join();
        b.disconnect().join();
      }
    }
  }

  private static long publishes(TursoBackend b, String kind) {
    return Long.parseLong(b.healthCheck().join().details().get("replica.publishes." + kind));
  }

  private static long writeRevision(HranaClient sql) {
    return ((Number) sql.query(HranaStatement.of("SELECT n FROM " + HranaSqlExecutor.REVISION_TABLE + " WHERE id = 1"))
        .rows().get(0).get(0)).longValue();
  }

  @Test
  void everyStoreTableIsTrackedSoSyncsPublishRowsAndReplicaWritesBumpTheWriteRevision() throws Exception {
    try (TursoServer server = TursoServer.start(TestDirs.newTempDir("backend-primary"));
        HranaClient sql = HranaClient.builder().url(server.url()).build()) {
      TursoBackend a = open(TestDirs.newTempDir("backend-a"), server.url());
      TursoBackend remote = TursoBackend.fromConfig(MemoryGraphConfig.builder()
          .set(ConfigKeys.TURSO_DATABASE_URL, server.url()).build());
      remote.connect().join();
      remote.initializeSchema().join();
      try {
        remote.storeMemory(memory("r-1", "zebra remote")).join();
        // Every table the store and the remote mode create on the primary is followed row by row.
        List<String> tables = new ArrayList<>();
        for (List<Object> r : sql.query(HranaStatement.of("SELECT name FROM sqlite_schema WHERE type = 'table'"
            + " AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'mg_replica%'")).rows()) {
          tables.add((String) r.get(0));
        }
        assertThat(tables).containsExactlyInAnyOrderElementsOf(
            TursoReplicaFactory.TRACKED_TABLES.stream().map(TrackedTable::name).toList());

        long before = writeRevision(sql);
        a.storeMemory(memory("a-1", "giraffe replica")).join();
        assertThat(writeRevision(sql)).isEqualTo(before + 1);

        long whole = publishes(a, "wholeFile");
        long rows = publishes(a, "rows");
        remote.storeMemory(memory("r-2", "okapi remote")).join();
        remote.storeMemory(memory("r-1", "zebra renamed to ibex")).join();
        ((SyncCapable) a).sync().join();
        assertThat(search(a, "okapi")).containsExactly("r-2");
        assertThat(search(a, "ibex")).containsExactly("r-1");
        assertThat(search(a, "giraffe")).containsExactly("a-1");
        assertThat(publishes(a, "rows")).isEqualTo(rows + 1);
        assertThat(publishes(a, "wholeFile")).isEqualTo(whole);
      } finally {
        a.disconnect().join();
        remote.disconnect().join();
      }
    }
  }

  /** Every match of {@code text}, fetched a page of {@code limit} at a time. */
  private static List<String> pagedIds(TursoBackend b, String text, int limit) {
    List<String> ids = new ArrayList<>();
    for (int off = 0; ; off += limit) {
      Page<Memory> p = b.searchMemories(SearchQuery.builder().text(text).limit(limit).offset(off).build()).join();
      p.items().forEach(m -> ids.add(m.id()));
      if (p.nextOffset().isEmpty()) {
        assertThat(ids).hasSize((int) p.total());
        return ids;
      }
    }
  }

  private static long localIndexSegments(TursoBackend b) {
    List<java.util.Map<String, Object>> rows = b.executeQuery(
        "SELECT count(DISTINCT segid) AS n FROM local.memories_fts_idx", java.util.Map.of(), false).join();
    return ((Number) rows.get(0).get("n")).longValue();
  }

  @Test
  void aBootstrapBuildsAMergedLocalIndexThatStaysExactThroughWritesSyncsAndTiedPages() throws Exception {
    try (TursoServer server = TursoServer.start(TestDirs.newTempDir("bulk-primary"))) {
      TursoBackend w = open(TestDirs.newTempDir("bulk-w"), server.url());
      TursoBackend r = null;
      try {
        // Bodies long enough that indexing them in one transaction flushes several FTS5 segments.
        StringBuilder body = new StringBuilder("same body");
        for (int t = 0; t < 2000; t++) {
          body.append(" w").append(t);
        }
        int n = 400;
        List<Memory> batch = new ArrayList<>();
        List<String> tied = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String id = String.format("bulk-%03d", (i * 7) % n);
          batch.add(Memory.builder().id(id).type("solution").title(i % 3 == 0 ? "heron" : "plover " + i)
              .content(body.toString()).build());
          if (i % 3 == 0) {
            tied.add(id);
          }
        }
        w.storeMemories(batch).join();
        // A new replica indexes every row in its first refresh: merged into one segment.
        r = open(TestDirs.newTempDir("bulk-r"), server.url());
        assertThat(localIndexSegments(r)).isEqualTo(1);
        tied.sort(null);
        // Equal ranks throughout: every page, cut anywhere, continues in id order.
        assertThat(pagedIds(r, "heron", 7)).containsExactlyElementsOf(tied);
        assertThat(search(r, "heron")).containsExactlyElementsOf(tied.subList(0, 100));

        // Local writes and small syncs update the index in place and keep it exact.
        r.storeMemory(Memory.builder().id(tied.get(0)).type("solution").title("egret").content(body.toString()).build()).join();
        w.storeMemory(Memory.builder().id(tied.get(1)).type("solution").title("ibis").content(body.toString()).build()).join();
        w.deleteMemory(tied.get(2)).join();
        ((SyncCapable) r).sync().join();
        assertThat(pagedIds(r, "heron", 9)).containsExactlyElementsOf(tied.subList(3, tied.size()));
        assertThat(search(r, "egret")).containsExactly(tied.get(0));
        assertThat(search(r, "ibis")).containsExactly(tied.get(1));
        assertThat(search(r, "plover")).hasSize(100);
        assertThat(r.searchMemories(SearchQuery.builder().text("plover").limit(5).build()).join().total())
            .isEqualTo(n - tied.size());
      } finally {
        w.disconnect().join();
        if (r != null) {
          r.disconnect().join();
        }
      }
    }
  }

  @Test
  void aRejectedOfflineWriteIsKeptListedAndCanBeDroppedThroughTheBackend() throws Exception {
    try (TursoServer server = TursoServer.start(TestDirs.newTempDir("conflict-primary"));
        ReplicaFaultProxy proxyA = new ReplicaFaultProxy(server.port())) {
      TursoBackend a = open(TestDirs.newTempDir("conflict-a"), proxyA.url());
      TursoBackend b = open(TestDirs.newTempDir("conflict-b"), server.url());
      try {
        a.storeMemory(memory("c-1", "one")).join();
        a.storeMemory(memory("c-2", "two")).join();
        ((SyncCapable) b).sync().join();
        proxyA.setDown(true);
        Relationship mine = Relationship.builder("c-1", "c-2", RelationshipType.SOLVES).id("r-shared").build();
        a.createRelationship(mine).join();
        // The same relationship id is taken on the primary meanwhile: A's push must be rejected.
        Relationship theirs = Relationship.builder("c-2", "c-1", RelationshipType.CAUSES).id("r-shared").build();
        b.createRelationship(theirs).join();
        proxyA.setDown(false);

        SyncCapable.SyncResult r = ((SyncCapable) a).sync().join();
        assertThat(r.conflicts()).hasSize(1);
        List<TursoReplica.PendingWrite> pending = a.outbox().join();
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).lastError()).isNotBlank();
        // The local view is the primary's data plus the outbox entries that still apply; the
        // rejected entry cannot apply, but it is kept (with its error) until the caller decides.
        assertThat(a.getRelationship("r-shared").join()).contains(theirs);
        assertThat(pending.get(0).statements()).isPositive();
        assertThat(mine.id()).isEqualTo(theirs.id());

        assertThat(a.dropOutboxEntries(List.of(pending.get(0).entryId())).join()).isEqualTo(1);
        assertThat(a.outbox().join()).isEmpty();
        assertThat(((SyncCapable) a).sync().join().conflicts()).isEmpty();
        assertThat(a.getRelationship("r-shared").join()).contains(theirs);
      } finally {
        a.disconnect().join();
        b.disconnect().join();
      }
    }
  }
}
