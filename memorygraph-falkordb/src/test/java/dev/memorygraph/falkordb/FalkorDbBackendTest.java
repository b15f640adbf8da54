package dev.memorygraph.falkordb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.ConflictException;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.falkordb.lite.FalkorDbServer;
import dev.memorygraph.model.ChangeSet;
import dev.memorygraph.model.Direction;
import dev.memorygraph.model.GraphStatistics;
import dev.memorygraph.model.HealthStatus;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.MemoryPath;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.MemoryUpdate;
import dev.memorygraph.model.Page;
import dev.memorygraph.model.PathOptions;
import dev.memorygraph.model.RecentActivity;
import dev.memorygraph.model.RecentActivityQuery;
import dev.memorygraph.model.RelatedMemory;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.RelationshipUpdate;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.model.TraversalOptions;
import dev.memorygraph.model.Visibility;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FalkorDB-specific behaviour of every operation, against a real server. */
class FalkorDbBackendTest {
  private static FalkorDbServer server;
  private FalkorDbBackend backend;
  private MemoryGraph graph;

  @BeforeAll
  static void startServer() {
    server = TestServers.start(TestServers.newDir("falkordb-backend"), false, "everysec");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void open() {
    backend = FalkorDbBackend.builder().host(server.host()).port(server.port())
        .graph("t-" + UUID.randomUUID()).allowCycles(false).build();
    graph = MemoryGraph.open(backend);
  }

  @AfterEach
  void close() {
    graph.close();
  }

  private Memory mem(String title, String content) {
    return graph.store(Memory.builder().title(title).content(content).build());
  }

  /** A memory with every field set, strings holding quotes, backslashes and non-ASCII letters. */
  private static Memory full(String id) {
    Instant t = Instant.parse("2024-02-03T04:05:06.123456Z");
    return Memory.builder().id(id).type(MemoryType.SOLUTION).title("Title ä \"q\" \\")
        .content("line1\nline2\ttab \\n not a newline").summary("sum").tags("B", "a", "a ")
        .context(MemoryContext.builder().projectPath("/p").filesInvolved(List.of("x.java", "y\\z"))
            .languages(List.of("java")).frameworks(List.of("junit")).technologies(List.of("valkey"))
            .gitCommit("abc").gitBranch("main").workingDirectory("C:\\temp\\new").timestamp(t)
            .sessionId("s").userId("u").additionalMetadata(Map.of("k2", "v2", "k1", "v\"1\\"))
            .tenantId("ten").teamId("team").visibility(Visibility.TEAM).createdBy("me").build())
        .importance(0.9999999999999999).confidence(0.30000000000000004).effectiveness(1e-7)
        .usageCount(42).createdAt(t).updatedAt(t.plusSeconds(1)).lastAccessed(t.plusSeconds(2))
        .version(3).updatedBy("who").build();
  }

  @Test
  void everyFieldRoundTrips() {
    Memory m = full("full-1");
    assertThat(graph.store(m)).isEqualTo(m);
    assertThat(graph.get("full-1")).contains(m);
    Memory bare = mem("bare", "content");
    assertThat(graph.get(bare.id())).contains(bare);
  }

  @Test
  void upsertKeepsCreationAndBumpsVersion() {
    Memory m = mem("first", "one");
    Memory again = graph.store(m.toBuilder().title("second").createdAt(Instant.parse("2001-01-01T00:00:00Z")).build());
    assertThat(again.createdAt()).isEqualTo(m.createdAt());
    assertThat(again.version()).isEqualTo(2);
    assertThat(again.title()).isEqualTo("second");
    assertThat(again.updatedAt()).isAfterOrEqualTo(m.updatedAt());
    assertThat(graph.get(m.id())).contains(again);
  }

  @Test
  void partialUpdateAndDelete() {
    Memory m = graph.store(Memory.builder().title("t").content("c").summary("s").tags("x").build());
    Memory u = graph.update(m.id(), MemoryUpdate.builder().summary("").importance(0.7).tags(List.of("y")).build()).orElseThrow();
    assertThat(u.summary()).isNull();
    assertThat(u.importance()).isEqualTo(0.7);
    assertThat(u.tags()).containsExactly("y");
    assertThat(u.title()).isEqualTo("t");
    assertThat(u.version()).isEqualTo(2);
    assertThat(graph.update("nope", MemoryUpdate.builder().title("x").build())).isEmpty();
    Memory other = mem("o", "o");
    graph.link(Relationship.builder(m.id(), other.id(), RelationshipType.RELATED_TO).build());
    assertThat(graph.delete(m.id())).isTrue();
    assertThat(graph.delete(m.id())).isFalse();
    assertThat(graph.get(m.id())).isEmpty();
    assertThat(graph.statistics().relationshipCount()).isZero();
  }

  @Test
  void searchFoldsUnicodeCaseStemsAndRanks() {
    Memory a = mem("Ärger mit Übergrößen", "Die Verbindung scheitert");
    Memory b = mem("Retrying connections", "the client retries after C:\\temp\\new fails");
    Memory c = mem("retry retry retry", "retry everywhere: retry");
    assertThat(ids(graph.search(SearchQuery.text("ärger")))).containsExactly(a.id());
    assertThat(ids(graph.search(SearchQuery.text("ÄRGER übergrößen")))).containsExactly(a.id());
    assertThat(ids(graph.search(SearchQuery.text("temp")))).containsExactly(b.id());
    assertThat(ids(graph.search(SearchQuery.text("retry")))).containsExactlyInAnyOrder(b.id(), c.id());
    assertThat(ids(graph.search(SearchQuery.text("retry")))).first().isEqualTo(c.id());
    assertThat(ids(graph.search(SearchQuery.text("connection client")))).containsExactly(b.id());
    assertThat(ids(graph.search(SearchQuery.text("connection nowhere")))).isEmpty();
    assertThat(ids(graph.search(SearchQuery.text("\\\"}) MATCH (n) DETACH DELETE n //")))).isEmpty();
    assertThat(graph.statistics().memoryCount()).isEqualTo(3);
  }

  @Test
  void searchFiltersAndPages() {
    List<Memory> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      all.add(graph.store(Memory.builder().id("m" + i).type(i % 2 == 0 ? MemoryType.PROBLEM : MemoryType.FIX)
          .title("topic " + i).content("shared words").tags("t" + (i % 3)).importance(i / 10.0)
          .context(MemoryContext.builder().projectPath(i < 3 ? "/a" : "/b").build()).build()));
    }
    Page<Memory> p = graph.search(SearchQuery.builder().limit(3).build());
    assertThat(ids(p)).containsExactly("m6", "m5", "m4");
    assertThat(p.total()).isEqualTo(7);
    assertThat(p.nextOffset()).hasValue(3);
    assertThat(ids(graph.search(SearchQuery.builder().offset(6).limit(3).build()))).containsExactly("m0");
    assertThat(ids(graph.search(SearchQuery.builder().types(MemoryType.FIX).build()))).containsExactly("m5", "m3", "m1");
    assertThat(ids(graph.search(SearchQuery.builder().tags("t0", "t1").projectPath("/b").build()))).containsExactly("m6", "m4", "m3");
    assertThat(ids(graph.search(SearchQuery.builder().minImportance(0.5).build()))).containsExactly("m6", "m5");
    graph.link(Relationship.builder("m1", "m2", RelationshipType.SOLVES).build());
    assertThat(ids(graph.search(SearchQuery.builder().relationshipTypes(RelationshipType.SOLVES).build()))).containsExactly("m2", "m1");
    Page<Memory> text = graph.search(SearchQuery.builder().text("shared").limit(2).offset(2).build());
    assertThat(text.total()).isEqualTo(7);
    assertThat(text.items()).hasSize(2);
  }

  @Test
  void relationshipsCheckEndpointsIdsAndCycles() {
    Memory a = mem("a", "a");
    Memory b = mem("b", "b");
    Memory c = mem("c", "c");
    Relationship ab = graph.link(Relationship.builder(a.id(), b.id(), RelationshipType.CAUSES).id("r-ab").context("why \\ \"").build());
    assertThat(graph.relationship("r-ab")).contains(ab);
    assertThatThrownBy(() -> graph.link(Relationship.builder(a.id(), c.id(), RelationshipType.CAUSES).id("r-ab").build()))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> graph.link(Relationship.builder(a.id(), "missing", RelationshipType.CAUSES).build()))
        .isInstanceOf(NotFoundException.class);
    graph.link(Relationship.builder(b.id(), c.id(), RelationshipType.CAUSES).build());
    assertThatThrownBy(() -> graph.link(Relationship.builder(c.id(), a.id(), RelationshipType.CAUSES).build()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("cycle");
    // An edge that already ended closes no current cycle.
    Instant past = Instant.parse("2020-01-01T00:00:00Z");
    graph.link(Relationship.builder(c.id(), a.id(), RelationshipType.CAUSES).validFrom(past).validUntil(past.plusSeconds(1)).build());
    // Another type may point back; a batch with a missing end creates nothing.
    graph.link(Relationship.builder(c.id(), a.id(), RelationshipType.SOLVES).build());
    assertThatThrownBy(() -> graph.linkAll(List.of(
        Relationship.builder(a.id(), c.id(), RelationshipType.REQUIRES).id("ok-1").build(),
        Relationship.builder(a.id(), "ghost", RelationshipType.USED_IN).build())))
        .isInstanceOf(NotFoundException.class);
    assertThat(graph.relationship("ok-1")).isEmpty();
    assertThat(graph.statistics().relationshipCount()).isEqualTo(4);
    Relationship u = graph.updateRelationship("r-ab", RelationshipUpdate.builder().strength(0.1).context("").build()).orElseThrow();
    assertThat(u.strength()).isEqualTo(0.1);
    assertThat(u.context()).isNull();
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Relationship inv = graph.invalidate("r-ab", at, null).orElseThrow();
    assertThat(inv.validUntil()).isEqualTo(at);
    assertThat(graph.invalidate("r-ab", at.plusSeconds(5), null)).contains(inv);
    // With the CAUSES edge a->b gone, c->a CAUSES no longer closes a current cycle.
    graph.link(Relationship.builder(c.id(), a.id(), RelationshipType.CAUSES).build());
    assertThat(graph.history(a.id())).hasSize(4);
    assertThat(graph.unlink("r-ab")).isTrue();
    assertThat(graph.unlink("r-ab")).isFalse();
  }

  @Test
  void batchCyclesThroughStoredAndNewEdgesAreRejectedWhole() {
    for (String id : List.of("p", "q", "r", "s")) {
      graph.store(Memory.builder().id(id).title(id).content(id).build());
    }
    graph.link(Relationship.builder("q", "r", RelationshipType.CAUSES).id("stored-qr").build());
    assertThatThrownBy(() -> graph.linkAll(List.of(
        Relationship.builder("p", "q", RelationshipType.CAUSES).id("b-pq").build(),
        Relationship.builder("r", "s", RelationshipType.CAUSES).id("b-rs").build(),
        Relationship.builder("s", "p", RelationshipType.CAUSES).id("b-sp").build())))
        .isInstanceOf(ConflictException.class).hasMessageContaining("b-sp");
    assertThatThrownBy(() -> graph.linkAll(List.of(
        Relationship.builder("p", "s", RelationshipType.SOLVES).build(),
        Relationship.builder("s", "p", RelationshipType.SOLVES).build())))
        .isInstanceOf(ConflictException.class);
    assertThat(graph.statistics().relationshipCount()).isEqualTo(1);
    assertThat(graph.linkAll(List.of(
        Relationship.builder("p", "q", RelationshipType.CAUSES).build(),
        Relationship.builder("r", "s", RelationshipType.CAUSES).build(),
        Relationship.builder("s", "p", RelationshipType.SOLVES).build()))).isEqualTo(3);
  }

  @Test
  void traversalPathsHistoryChangesStatsAndActivity() {
    Memory a = mem("a", "a");
    Memory b = mem("b", "b");
    Memory c = graph.store(Memory.builder().type(MemoryType.PROBLEM).title("c").content("c").build());
    Memory d = graph.store(Memory.builder().type(MemoryType.ERROR).title("d").content("d").build());
    Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);
    Relationship ab = graph.link(Relationship.builder(a.id(), b.id(), RelationshipType.LEADS_TO).validFrom(before).build());
    Relationship cb = graph.link(Relationship.builder(c.id(), b.id(), RelationshipType.RELATED_TO).build());
    Relationship dc = graph.link(Relationship.builder(d.id(), c.id(), RelationshipType.SOLVES).build());

    List<RelatedMemory> r1 = graph.related(a.id(), TraversalOptions.DEFAULT);
    assertThat(r1).extracting(x -> x.memory().id()).containsExactly(b.id());
    assertThat(r1.get(0).direction()).isEqualTo(Direction.OUTGOING);
    List<RelatedMemory> r3 = graph.related(a.id(), TraversalOptions.builder().maxDepth(50).build());
    assertThat(r3).extracting(RelatedMemory::depth).containsExactly(1, 2, 3);
    assertThat(r3.get(1).memory().id()).isEqualTo(c.id());
    assertThat(r3.get(1).direction()).isEqualTo(Direction.INCOMING);
    assertThat(graph.related(a.id(), TraversalOptions.builder().maxDepth(3).direction(Direction.INCOMING).build())).isEmpty();
    assertThat(graph.related(a.id(), TraversalOptions.builder().maxDepth(3).types(RelationshipType.LEADS_TO).build())).hasSize(1);
    assertThat(graph.related("missing", TraversalOptions.DEFAULT)).isEmpty();

    MemoryPath p = graph.path(a.id(), d.id(), PathOptions.DEFAULT).orElseThrow();
    assertThat(p.memories()).extracting(Memory::id).containsExactly(a.id(), b.id(), c.id(), d.id());
    assertThat(p.relationships()).containsExactly(ab, cb, dc);
    assertThat(graph.path(a.id(), d.id(), PathOptions.builder().maxDepth(2).build())).isEmpty();
    assertThat(graph.path(a.id(), d.id(), PathOptions.builder().direction(Direction.OUTGOING).build())).isEmpty();

    Instant mid = Instant.now().truncatedTo(ChronoUnit.MICROS);
    graph.invalidate(ab.id(), mid, null);
    assertThat(graph.related(a.id(), TraversalOptions.DEFAULT)).isEmpty();
    assertThat(graph.related(a.id(), TraversalOptions.builder().asOf(mid.minusSeconds(1)).build())).hasSize(1);

    assertThat(graph.history(b.id())).extracting(Relationship::id).containsExactly(ab.id(), cb.id());
    ChangeSet ch = graph.changesSince(mid);
    assertThat(ch.relationships()).extracting(Relationship::id).containsExactly(ab.id());
    assertThat(graph.changesSince(before.minusSeconds(1)).memories()).hasSize(4);

    GraphStatistics s = graph.statistics();
    assertThat(s.memoryCount()).isEqualTo(4);
    assertThat(s.relationshipCount()).isEqualTo(3);
    assertThat(s.currentRelationshipCount()).isEqualTo(2);
    assertThat(s.memoriesByType()).containsEntry(MemoryType.GENERAL, 2L);
    assertThat(s.relationshipsByType()).doesNotContainKey(RelationshipType.LEADS_TO);

    RecentActivity act = graph.recentActivity(RecentActivityQuery.DEFAULT);
    assertThat(act.totalCount()).isEqualTo(4);
    assertThat(act.unresolvedProblems()).extracting(Memory::id).containsExactly(d.id());

    List<String> exported = new ArrayList<>();
    assertThat(graph.exportMemories(m -> exported.add(m.id()))).isEqualTo(4);
    assertThat(exported).isSorted();
  }

  @Test
  void healthAndNativeQueries() {
    mem("h", "h");
    HealthStatus h = graph.health();
    assertThat(h.healthy()).isTrue();
    assertThat(h.serverVersion()).startsWith("falkordb 4.");
    assertThat(h.memoryCount()).isEqualTo(1);
    assertThat(h.details()).containsKey("server");
    List<Map<String, Object>> rows = backend.executeQuery("RETURN $v AS v, $l AS l",
        Map.of("v", "C:\\temp\\new", "l", List.of("x\\\"y")), false).join();
    assertThat(rows).containsExactly(Map.of("v", "C:\\temp\\new", "l", List.of("x\\\"y")));
    assertThatThrownBy(() -> graph.executeQuery("MATCH (n RETURN n", Map.of(), false))
        .isInstanceOfSatisfying(dev.memorygraph.ValidationException.class, e -> assertThat(e.field()).isEqualTo("query"));
    assertThatThrownBy(() -> graph.executeQuery("RETURN $m", Map.of("m", Map.of("a", 1)), false))
        .isInstanceOfSatisfying(dev.memorygraph.ValidationException.class, e -> assertThat(e.field()).isEqualTo("params"));
  }

  @Test
  void falkorDbRowsIsTheBackendsOwnEncoding() {
    // A row written by a plain query (executeQuery escapes it as CypherParams does, as
    // FalkorDbRows asks) reads back unchanged and is found by the backend's search.
    Memory m = full("plain-1");
    List<String> props = FalkorDbRows.memoryProperties();
    String write = "UNWIND $rows AS r CREATE (n:Memory {id: r[0]}) SET n.created_at = r["
        + props.indexOf("created_at") + "], n.updated_at = r[" + props.indexOf("updated_at")
        + "], n.version = r[" + props.indexOf("version") + "], " + FalkorDbRows.memoryAssignments("n", "r")
        + " RETURN n.id AS id";
    assertThat(graph.executeQuery(write, Map.of("rows", List.of(FalkorDbRows.memoryRow(m))), true))
        .containsExactly(Map.of("id", "plain-1"));
    assertThat(graph.get("plain-1")).contains(m);
    assertThat(graph.search("title line2").items()).containsExactly(m);

    // The projection reads back exactly the row the backend stored, the exact text copy of each
    // double in place of the number.
    Memory stored = graph.store(full("stored-1"));
    List<Object> row = FalkorDbRows.memoryRow(stored);
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < props.indexOf("ft_title"); i++) {
      int exact = props.indexOf(props.get(i) + "_x");
      expected.add(row.get(exact >= 0 ? exact : i));
    }
    assertThat(graph.executeQuery("MATCH (n:Memory {id: $id}) RETURN " + FalkorDbRows.memoryProjection("n")
        + " AS v", Map.of("id", stored.id()), false)).containsExactly(Map.of("v", expected));

    Relationship r = graph.link(m.id(), stored.id(), RelationshipType.SOLVES);
    List<Map<String, Object>> edges = graph.executeQuery("MATCH (:Memory)-[r]->(:Memory) RETURN "
        + FalkorDbRows.relationshipProjection("r") + " AS v", Map.of(), false);
    assertThat(edges).hasSize(1);
    assertThat(((List<?>) edges.get(0).get("v")).subList(0, 4))
        .isEqualTo(List.of(m.id(), stored.id(), "SOLVES", r.id()));

    String q = FalkorDbRows.fulltextQuery(SearchQuery.text("LINE2 tab\\n").terms());
    assertThat(q).isEqualTo("line2 tab n");
    assertThat(graph.executeQuery("CALL db.idx.fulltext.queryNodes('Memory', $q) YIELD node "
        + "RETURN node.id AS id ORDER BY id", Map.of("q", q), false))
        .containsExactly(Map.of("id", "plain-1"), Map.of("id", "stored-1"));

    // Only variable names reach the query text.
    assertThatThrownBy(() -> FalkorDbRows.memoryProjection("n) DETACH DELETE (n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("variable");
    assertThatThrownBy(() -> FalkorDbRows.memoryAssignments("n", "r]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row");
    assertThatThrownBy(() -> FalkorDbRows.relationshipProjection(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("variable");
  }

  private static List<String> ids(Page<Memory> p) {
    return p.items().stream().map(Memory::id).collect(Collectors.toList());
  }
}
