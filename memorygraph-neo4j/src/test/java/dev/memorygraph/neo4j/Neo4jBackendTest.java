package dev.memorygraph.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.ConflictException;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.ValidationException;
import dev.memorygraph.model.Capability;
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
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.harness.Neo4j;

/** Neo4j-specific behaviour against a real Neo4j (storage model, search, traversal, errors). */
class Neo4jBackendTest {
  private Neo4j server;
  private MemoryGraph graph;

  @BeforeEach
  void open() {
    server = Neo4jTestServer.shared();
    Neo4jTestServer.wipe(server);
    graph = MemoryGraph.open(Neo4jBackend.builder().uri(server.boltURI().toString()).build());
  }

  @AfterEach
  void close() {
    graph.close();
  }

  private Memory mem(String id, String title, String content) {
    return graph.store(Memory.builder().id(id).title(title).content(content).build());
  }

  /** A memory with every field set, the content holding quotes and a backslash. */
  private static Memory full(String id) {
    Instant t = Instant.parse("2024-02-29T12:34:56.123456Z");
    return Memory.builder().id(id).type(MemoryType.CODE_PATTERN).title("Title")
        .content("line1\nline2 \\ \"q\" 'x'").summary("sum").tags("b", "a", "ä-tag")
        .context(MemoryContext.builder().projectPath("/p").filesInvolved(List.of("z.java", "a.java"))
            .languages(List.of("java")).frameworks(List.of("junit", "spring")).technologies(List.of("neo4j"))
            .gitCommit("abc").gitBranch("main").workingDirectory("/w").timestamp(t).sessionId("s")
            .userId("u").additionalMetadata(Map.of("k2", "v2", "k1", "", "k3", "x=y"))
            .tenantId("tn").teamId("tm").visibility(Visibility.TEAM).createdBy("me").build())
        .importance(0.25).confidence(1.0).effectiveness(0.0).usageCount(7).createdAt(t)
        .updatedAt(t.plusSeconds(1)).lastAccessed(t.plusSeconds(2)).version(3).updatedBy("bot").build();
  }

  @Test
  void everyFieldRoundTrips() {
    Memory m = full("m-1");
    assertThat(graph.store(m)).isEqualTo(m);
    assertThat(graph.get("m-1")).contains(m);
    Memory plain = Memory.builder().id("m-2").title("t").content("c").build();
    graph.store(plain);
    assertThat(graph.get("m-2")).contains(plain);
    assertThat(graph.get("nope")).isEmpty();
  }

  @Test
  void cypherRowsIsTheBackendsOwnEncoding() {
    // A node written by a plain query reads back unchanged and is found by the backend's search.
    Memory m = full("plain-1");
    graph.executeQuery("UNWIND $rows AS row CREATE (m:Memory) SET m = row",
        Map.of("rows", List.of(CypherRows.memoryProperties(m, new Neo4jDialect()))), true);
    assertThat(graph.get("plain-1")).contains(m);
    assertThat(graph.search("title line2").items()).containsExactly(m);

    // A node the backend wrote holds exactly these properties (a null one is not stored).
    Memory stored = graph.store(full("stored-1"));
    Map<String, Object> expected = CypherRows.memoryProperties(stored, new Neo4jDialect());
    expected.values().removeIf(v -> v == null);
    assertThat(graph.executeQuery("MATCH (m:Memory {id: $id}) RETURN properties(m) AS p",
        Map.of("id", stored.id()), false)).containsExactly(Map.of("p", expected));
  }

  @Test
  void upsertKeepsCreationAndBumpsVersion() {
    Memory first = mem("u-1", "first", "c");
    Memory again = graph.store(first.toBuilder().title("second").build());
    assertThat(again.version()).isEqualTo(2);
    assertThat(again.createdAt()).isEqualTo(first.createdAt());
    assertThat(graph.get("u-1").orElseThrow().title()).isEqualTo("second");
    Memory updated = graph.update("u-1", MemoryUpdate.builder().importance(0.9).build()).orElseThrow();
    assertThat(updated.version()).isEqualTo(3);
    assertThat(graph.get("u-1")).contains(updated);
    assertThat(graph.update("missing", MemoryUpdate.builder().title("x").build())).isEmpty();
    assertThat(graph.storeAll(List.of(first, first))).isEqualTo(2);
    assertThat(graph.get("u-1").orElseThrow().version()).isEqualTo(5);
  }

  @Test
  void concurrentUpdatesAreSerialised() {
    mem("c-1", "t", "c");
    List<CompletableFuture<?>> fs = IntStream.range(0, 20)
        .mapToObj(i -> graph.async().update("c-1", MemoryUpdate.builder().usageCount(i).build()))
        .collect(Collectors.toList());
    CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).join();
    assertThat(graph.get("c-1").orElseThrow().version()).isEqualTo(21);
  }

  @Test
  void searchRanksStemsFoldsCaseAndPages() {
    mem("s-1", "Retry logic", "The client retries failed requests with backoff");
    mem("s-2", "Unrelated", "Nothing to see about requests here");
    mem("s-3", "Ärger mit Umlauten", "ÄPFEL und Birnen");
    graph.store(Memory.builder().id("s-4").title("tagged").content("body").tags("kubernetes").build());
    assertThat(ids(graph.search("retrying"))).containsExactly("s-1");
    assertThat(ids(graph.search("REQUEST"))).containsExactlyInAnyOrder("s-1", "s-2");
    assertThat(ids(graph.search("requests backoff"))).containsExactly("s-1");
    assertThat(ids(graph.search("äpfel ärger"))).containsExactly("s-3");
    assertThat(ids(graph.search("KUBERNETES"))).containsExactly("s-4");
    // Relevance: the memory with the word in its title and content ranks first.
    mem("s-5", "requests", "requests requests");
    assertThat(ids(graph.search("requests")).get(0)).isEqualTo("s-5");
    Page<Memory> p1 = graph.search(SearchQuery.builder().text("requests").limit(2).build());
    assertThat(p1.total()).isEqualTo(3);
    assertThat(p1.items()).hasSize(2);
    Page<Memory> p2 = graph.search(SearchQuery.builder().text("requests").limit(2).offset(2).build());
    assertThat(p2.items()).hasSize(1);
    assertThat(p2.hasMore()).isFalse();
    // Words split the same way in index and query (Lucene alone keeps col:val and a.b whole).
    mem("s-6", "config.yaml col:val", "don't");
    assertThat(ids(graph.search("yaml val"))).containsExactly("s-6");
    assertThat(ids(graph.search("config.yaml"))).containsExactly("s-6");
    assertThat(ids(graph.search("don't"))).containsExactly("s-6");
    // Stop words alone still find what contains them.
    mem("s-7", "To be or not", "the end");
    assertThat(ids(graph.search("THE"))).containsExactly("s-1", "s-7");
    assertThat(ids(graph.search("to be"))).containsExactly("s-7");
    assertThat(graph.capabilities().supports(Capability.STEMMING)).isTrue();
    assertThat(graph.capabilities().supports(Capability.UNICODE_CASE_FOLDING)).isTrue();
  }

  @Test
  void filtersWithoutTextUseTheDocumentedOrder() {
    Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
    graph.store(Memory.builder().id("f-b").type(MemoryType.PROBLEM).title("b").content("c").importance(0.9)
        .createdAt(t0).tags("x").context(MemoryContext.builder().projectPath("/p").build()).build());
    graph.store(Memory.builder().id("f-a").type(MemoryType.PROBLEM).title("a").content("c").importance(0.9)
        .createdAt(t0).tags("y").build());
    graph.store(Memory.builder().id("f-c").type(MemoryType.SOLUTION).title("c").content("c").importance(0.9)
        .createdAt(t0.plusSeconds(5)).build());
    graph.store(Memory.builder().id("f-d").type(MemoryType.SOLUTION).title("d").content("c").importance(0.1)
        .confidence(0.2).createdAt(t0.plusSeconds(10)).build());
    assertThat(ids(graph.search(SearchQuery.builder().build()))).containsExactly("f-c", "f-a", "f-b", "f-d");
    assertThat(ids(graph.search(SearchQuery.builder().types(MemoryType.PROBLEM).build()))).containsExactly("f-a", "f-b");
    assertThat(ids(graph.search(SearchQuery.builder().tags("x", "zz").build()))).containsExactly("f-b");
    assertThat(ids(graph.search(SearchQuery.builder().projectPath("/p").build()))).containsExactly("f-b");
    assertThat(ids(graph.search(SearchQuery.builder().minImportance(0.5).minConfidence(0.5).build())))
        .containsExactly("f-c", "f-a", "f-b");
    assertThat(ids(graph.search(SearchQuery.builder().createdAfter(t0).createdBefore(t0.plusSeconds(10)).build())))
        .containsExactly("f-c");
    graph.link("f-c", "f-a", RelationshipType.SOLVES);
    assertThat(ids(graph.search(SearchQuery.builder().relationshipTypes(RelationshipType.SOLVES).build())))
        .containsExactly("f-c", "f-a");
    assertThat(ids(graph.search(SearchQuery.builder().text("c").relationshipTypes(RelationshipType.SOLVES)
        .types(MemoryType.PROBLEM).build()))).containsExactly("f-a");
  }

  @Test
  void relationshipsRoundTripAndFailClearly() {
    mem("r-a", "a", "c");
    mem("r-b", "b", "c");
    Instant t = Instant.parse("2023-05-06T07:08:09.000001Z");
    Relationship r = Relationship.builder("r-a", "r-b", RelationshipType.DEPENDS_ON).id("rel-1").strength(0.3)
        .confidence(0.4).context("ctx").evidenceCount(5).successRate(0.5).createdAt(t).lastValidated(t.plusSeconds(1))
        .validationCount(2).counterEvidenceCount(1).validFrom(t).recordedAt(t.plusSeconds(3)).build();
    assertThat(graph.link(r)).isEqualTo(r);
    assertThat(graph.relationship("rel-1")).contains(r);
    assertThatThrownBy(() -> graph.link(r)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> graph.link(Relationship.builder("r-a", "r-b", RelationshipType.CAUSES).id("rel-1").build()))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> graph.link("r-a", "ghost", RelationshipType.CAUSES))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("ghost");
    // The batch is atomic: one bad edge and nothing is written.
    assertThatThrownBy(() -> graph.linkAll(List.of(
        Relationship.builder("r-a", "r-b", RelationshipType.CAUSES).id("ok-1").build(),
        Relationship.builder("r-a", "ghost", RelationshipType.CAUSES).id("bad-1").build())))
        .isInstanceOf(NotFoundException.class);
    assertThat(graph.relationship("ok-1")).isEmpty();
    // A duplicate id inside one batch is seen by the id lookup within the same transaction.
    assertThatThrownBy(() -> graph.linkAll(List.of(
        Relationship.builder("r-a", "r-b", RelationshipType.CAUSES).id("dup-1").build(),
        Relationship.builder("r-b", "r-a", RelationshipType.SOLVES).id("dup-1").build())))
        .isInstanceOf(ConflictException.class);
    assertThat(graph.relationship("dup-1")).isEmpty();
    Relationship up = graph.updateRelationship("rel-1", RelationshipUpdate.builder().strength(0.9).context("").build()).orElseThrow();
    assertThat(up.strength()).isEqualTo(0.9);
    assertThat(up.context()).isNull();
    assertThat(graph.relationship("rel-1")).contains(up);
    Instant end = t.plusSeconds(100);
    Relationship inv = graph.invalidate("rel-1", end, null).orElseThrow();
    assertThat(inv.validUntil()).isEqualTo(end);
    assertThat(graph.invalidate("rel-1", end.plusSeconds(5), null)).contains(inv);
    assertThatThrownBy(() -> graph.invalidate(graph.link("r-b", "r-a", RelationshipType.CAUSES).id(), t.minusSeconds(1), null))
        .isInstanceOf(ValidationException.class);
    assertThat(graph.history("r-a")).extracting(Relationship::id).contains("rel-1");
    assertThat(graph.unlink("rel-1")).isTrue();
    assertThat(graph.unlink("rel-1")).isFalse();
    assertThat(graph.updateRelationship("rel-1", RelationshipUpdate.builder().strength(0.1).build())).isEmpty();
    assertThat(graph.delete("r-a")).isTrue();
    assertThat(graph.delete("r-a")).isFalse();
    assertThat(graph.history("r-b")).isEmpty();
  }

  @Test
  void traversalReportsMinDepthTrueDirectionAndValidity() {
    for (String id : List.of("t-a", "t-b", "t-c", "t-d", "t-e")) {
      mem(id, id, "c");
    }
    graph.link(Relationship.builder("t-a", "t-b", RelationshipType.CAUSES).id("e1").build());
    graph.link(Relationship.builder("t-c", "t-b", RelationshipType.SOLVES).id("e2").build());
    graph.link(Relationship.builder("t-a", "t-c", RelationshipType.RELATED_TO).id("e3").build());
    graph.link(Relationship.builder("t-c", "t-d", RelationshipType.CAUSES).id("e4").build());
    Relationship old = graph.link(Relationship.builder("t-d", "t-e", RelationshipType.CAUSES).id("e5")
        .validFrom(Instant.parse("2020-01-01T00:00:00Z")).build());
    graph.invalidate(old.id(), Instant.parse("2021-01-01T00:00:00Z"), null);

    List<RelatedMemory> r1 = graph.related("t-a");
    assertThat(r1).extracting(x -> x.memory().id()).containsExactly("t-b", "t-c");
    assertThat(r1).allMatch(x -> x.depth() == 1 && x.direction() == Direction.OUTGOING);

    List<RelatedMemory> r3 = graph.related("t-a", TraversalOptions.builder().maxDepth(99).build());
    assertThat(r3).extracting(x -> x.memory().id() + "@" + x.depth()).containsExactly("t-b@1", "t-c@1", "t-d@2");
    assertThat(r3.get(2).relationship().id()).isEqualTo("e4");

    List<RelatedMemory> in = graph.related("t-b", TraversalOptions.builder().direction(Direction.INCOMING).build());
    assertThat(in).extracting(x -> x.memory().id()).containsExactly("t-a", "t-c");
    assertThat(in).allMatch(x -> x.direction() == Direction.INCOMING);
    assertThat(graph.related("t-b", TraversalOptions.builder().direction(Direction.OUTGOING).build())).isEmpty();

    List<RelatedMemory> typed = graph.related("t-a", TraversalOptions.builder().maxDepth(3)
        .types(RelationshipType.CAUSES).build());
    assertThat(typed).extracting(x -> x.memory().id()).containsExactly("t-b");

    List<RelatedMemory> past = graph.related("t-d", TraversalOptions.builder()
        .asOf(Instant.parse("2020-06-01T00:00:00Z")).build());
    assertThat(past).extracting(x -> x.memory().id()).containsExactly("t-e");
    assertThat(graph.related("t-d")).extracting(x -> x.memory().id()).containsExactly("t-c");
    assertThat(graph.related("t-a", TraversalOptions.builder().maxDepth(5).limit(1).build())).hasSize(1);
    assertThat(graph.related("ghost")).isEmpty();
    assertThatThrownBy(() -> TraversalOptions.builder().maxDepth(0).build()).isInstanceOf(ValidationException.class);
  }

  @Test
  void shortestPathAndCyclePolicy() {
    for (String id : List.of("p-a", "p-b", "p-c", "p-d")) {
      mem(id, id, "c");
    }
    graph.link(Relationship.builder("p-a", "p-b", RelationshipType.DEPENDS_ON).id("x1").build());
    graph.link(Relationship.builder("p-b", "p-c", RelationshipType.DEPENDS_ON).id("x2").build());
    graph.link(Relationship.builder("p-d", "p-c", RelationshipType.DEPENDS_ON).id("x3").build());
    MemoryPath path = graph.path("p-a", "p-d").orElseThrow();
    assertThat(path.memories()).extracting(Memory::id).containsExactly("p-a", "p-b", "p-c", "p-d");
    assertThat(path.relationships()).extracting(Relationship::id).containsExactly("x1", "x2", "x3");
    assertThat(graph.path("p-a", "p-d", PathOptions.builder().direction(Direction.OUTGOING).build())).isEmpty();
    assertThat(graph.path("p-a", "p-d", PathOptions.builder().maxDepth(2).build())).isEmpty();
    assertThat(graph.path("p-a", "p-a").orElseThrow().length()).isZero();

    // Cycles are allowed by default ...
    graph.link(Relationship.builder("p-c", "p-a", RelationshipType.DEPENDS_ON).id("x4").build());
    // ... and rejected when MEMORY_ALLOW_CYCLES=false, inside the write transaction.
    try (MemoryGraph strict = MemoryGraph.open(Neo4jBackend.builder().uri(server.boltURI().toString())
        .allowCycles(false).build())) {
      assertThatThrownBy(() -> strict.link("p-c", "p-b", RelationshipType.DEPENDS_ON))
          .isInstanceOf(ConflictException.class).hasMessageContaining("cycle");
      // Another type does not close a same-type cycle.
      assertThat(strict.link("p-c", "p-b", RelationshipType.RELATED_TO).type()).isEqualTo(RelationshipType.RELATED_TO);
      // An invalidated edge does not count.
      strict.invalidate("x2");
      assertThat(strict.link(Relationship.builder("p-c", "p-b", RelationshipType.DEPENDS_ON).id("x5").build()).id())
          .isEqualTo("x5");
    }
  }

  @Test
  void historyChangesStatisticsAndActivity() {
    Instant before = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MICROS);
    graph.store(Memory.builder().id("h-p").type(MemoryType.PROBLEM).title("p").content("c").importance(0.2).build());
    graph.store(Memory.builder().id("h-q").type(MemoryType.ERROR).title("q").content("c").importance(0.4).build());
    graph.store(Memory.builder().id("h-s").type(MemoryType.SOLUTION).title("s").content("c").importance(0.6).build());
    Relationship solves = graph.link(Relationship.builder("h-s", "h-p", RelationshipType.SOLVES).id("h1").build());
    graph.link(Relationship.builder("h-s", "h-q", RelationshipType.RELATED_TO).id("h2").build());
    graph.invalidate("h2");
    assertThat(graph.history("h-s")).extracting(Relationship::id).containsExactly("h1", "h2");
    ChangeSet cs = graph.changesSince(before);
    assertThat(cs.memories()).extracting(Memory::id).containsExactlyInAnyOrder("h-p", "h-q", "h-s");
    assertThat(cs.relationships()).extracting(Relationship::id).containsExactly("h1", "h2");
    assertThat(cs.truncated()).isFalse();
    assertThat(graph.changesSince(Instant.now().plusSeconds(60)).isEmpty()).isTrue();
    GraphStatistics st = graph.statistics();
    assertThat(st.memoryCount()).isEqualTo(3);
    assertThat(st.relationshipCount()).isEqualTo(2);
    assertThat(st.currentRelationshipCount()).isEqualTo(1);
    assertThat(st.relationshipsByType()).isEqualTo(Map.of(RelationshipType.SOLVES, 1L));
    assertThat(st.memoriesByType()).containsEntry(MemoryType.PROBLEM, 1L).containsEntry(MemoryType.SOLUTION, 1L);
    assertThat(st.averageImportance()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
    RecentActivity ra = graph.recentActivity(RecentActivityQuery.days(1));
    assertThat(ra.totalCount()).isEqualTo(3);
    assertThat(ra.unresolvedProblems()).extracting(Memory::id).containsExactly("h-q");
    assertThat(solves.type()).isEqualTo(RelationshipType.SOLVES);
  }

  @Test
  void exportPagesThroughEverything() {
    List<Memory> many = new ArrayList<>();
    for (int i = 0; i < 1203; i++) {
      many.add(Memory.builder().id(String.format("e-%05d", i)).title("t" + i).content("c").build());
    }
    assertThat(graph.storeAll(many)).isEqualTo(1203);
    List<String> seen = new ArrayList<>();
    assertThat(graph.exportMemories(m -> seen.add(m.id()))).isEqualTo(1203);
    assertThat(seen).isSorted().hasSize(1203).doesNotHaveDuplicates();
    List<Relationship> rels = new ArrayList<>();
    for (int i = 1; i < 600; i++) {
      rels.add(Relationship.builder(many.get(i - 1).id(), many.get(i).id(), RelationshipType.FOLLOWS)
          .id(String.format("r-%05d", i)).build());
    }
    assertThat(graph.linkAll(rels)).isEqualTo(599);
    List<String> relIds = new ArrayList<>();
    assertThat(graph.exportRelationships(r -> relIds.add(r.id()))).isEqualTo(599);
    assertThat(relIds).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void healthQueryAndNativeQueries() {
    mem("q-1", "t", "c");
    HealthStatus h = graph.health();
    assertThat(h.healthy()).isTrue();
    assertThat(h.serverVersion()).startsWith("5.26");
    assertThat(h.details()).containsEntry("edition", "community");
    assertThat(h.memoryCount()).isEqualTo(1);
    List<Map<String, Object>> rows = graph.executeQuery("MATCH (m:Memory {id: $id}) RETURN m, m.title AS title",
        Map.of("id", "q-1"), false);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("title")).isEqualTo("t");
    assertThat(rows.get(0).get("m")).isInstanceOf(Map.class);
    assertThatThrownBy(() -> graph.executeQuery("THIS IS NOT CYPHER", Map.of(), false))
        .isInstanceOf(ValidationException.class);
    // Schema is idempotent.
    graph.backend().initializeSchema().join();
    List<Map<String, Object>> idx = graph.executeQuery(
        "SHOW INDEXES YIELD name, type, state WHERE name = 'memory_search' RETURN type, state", Map.of(), false);
    assertThat(idx).containsExactly(Map.of("type", "FULLTEXT", "state", "ONLINE"));
  }

  @Test
  void futuresCompleteOffTheDriverEventLoop() {
    mem("th-1", "t", "c");
    String thread = graph.backend().getMemory("th-1").thenApply(m -> Thread.currentThread().getName()).join();
    assertThat(thread).startsWith("memorygraph-cypher-callback-");
    // A continuation that blocks on another call of the same backend does not starve it.
    List<CompletableFuture<Memory>> nested = IntStream.range(0, 16)
        .mapToObj(i -> graph.backend().getMemory("th-1")
            .thenApply(m -> graph.backend().getMemory("th-1").join().orElseThrow()))
        .collect(Collectors.toList());
    assertThat(nested).allSatisfy(f -> assertThat(f.join().id()).isEqualTo("th-1"));
  }

  @Test
  void providerIsRegistered() {
    var providers = java.util.ServiceLoader.load(dev.memorygraph.spi.GraphBackendProvider.class).stream()
        .map(java.util.ServiceLoader.Provider::get).collect(Collectors.toList());
    var neo = providers.stream().filter(p -> p.name().equals("neo4j")).findFirst().orElseThrow();
    assertThat(neo.autoPriority()).isPositive();
    assertThat(neo.isConfigured(dev.memorygraph.config.MemoryGraphConfig.of(Map.of()))).isFalse();
    assertThat(neo.isConfigured(dev.memorygraph.config.MemoryGraphConfig.of(Map.of("NEO4J_URI", "bolt://h:1")))).isTrue();
    var b = (Neo4jBackend) neo.create(dev.memorygraph.config.MemoryGraphConfig.of(Map.of(
        "MEMORY_NEO4J_URI", "bolt://h:1", "MEMORY_NEO4J_PASSWORD", "s3cret-pw", "MEMORY_NEO4J_MAX_POOL_SIZE", "7",
        "MEMORY_ALLOW_CYCLES", "false")));
    assertThat(b.settings().maxConnectionPoolSize()).isEqualTo(7);
    assertThat(b.settings().allowCycles()).isFalse();
    assertThat(b.toString()).doesNotContain("s3cret-pw");
    assertThatThrownBy(() -> Neo4jBackend.builder().uri("http://x").build()).isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field()).isEqualTo("uri");
    assertThatThrownBy(() -> Neo4jBackend.builder().uri("bolt://x").maxConnectionPoolSize(0).build())
        .isInstanceOf(ValidationException.class);
  }

  private static List<String> ids(Page<Memory> page) {
    return page.items().stream().map(Memory::id).collect(Collectors.toList());
  }
}
