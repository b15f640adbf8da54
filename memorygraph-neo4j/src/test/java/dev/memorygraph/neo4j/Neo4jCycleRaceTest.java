package dev.memorygraph.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.ConflictException;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.harness.Neo4j;

/**
 * The cycle policy under concurrency, against a real Neo4j: writers that each add one edge of
 * a same-type cycle, started together, must never all commit. The closing edges of a 4-cycle
 * share no memory, so locking the two ends of each new edge does not serialise them (before the
 * per-type lock, about half of the rounds committed a cycle); the closing edges of a 3-cycle
 * share one memory.
 */
class Neo4jCycleRaceTest {
  private static final int ROUNDS = 100;
  private static final RelationshipType TYPE = RelationshipType.DEPENDS_ON;
  /**
   * Ride along in batches, one type per writer (so that they close no cycle among themselves):
   * a batch refused for its cycle must not write its extra edge either.
   */
  private static final List<RelationshipType> EXTRA = List.of(RelationshipType.RELATED_TO, RelationshipType.FOLLOWS,
      RelationshipType.CAUSES, RelationshipType.ENABLES);

  private Neo4j server;
  private MemoryGraph graph;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    server = Neo4jTestServer.shared();
    Neo4jTestServer.wipe(server);
    graph = MemoryGraph.open(Neo4jBackend.builder().uri(server.boltURI().toString()).allowCycles(false).build());
    pool = Executors.newFixedThreadPool(EXTRA.size());
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    graph.close();
  }

  /** What one writer of a round ended with. */
  private enum Outcome { COMMITTED, REFUSED }

  /**
   * With a->b and c->d present, one writer adds b->c and another d->a: exactly one may commit.
   * Rounds alternate between single links and batches (whose extra edge of another type must be
   * written or refused with the batch).
   */
  @Test
  void twoHalvesOfAFourCycleNeverBothCommit() throws Exception {
    halves("h", ROUNDS, List.of("ab", "cd"), "bc", "da");
  }

  /** The same with a->b present and b->c, c->a raced: these share c. */
  @Test
  void twoHalvesOfAThreeCycleNeverBothCommit() throws Exception {
    halves("k", ROUNDS / 2, List.of("ab"), "bc", "ca");
  }

  /** Edges are named by two letters, from and to memory ({@code "bc"}: b->c). */
  private void halves(String tag, int rounds, List<String> present, String first, String second) throws Exception {
    List<String> cycles = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      String p = tag + round + "-";
      memories(p);
      graph.linkAll(present.stream().map(e -> edge(p, e)).collect(Collectors.toList()));
      boolean firstBatch = round % 4 == 1 || round % 4 == 3;
      boolean secondBatch = round % 4 >= 2;
      List<Outcome> outcomes = race(List.of(write(firstBatch, edge(p, first), 0), write(secondBatch, edge(p, second), 1)));
      long committed = outcomes.stream().filter(o -> o == Outcome.COMMITTED).count();
      if (cyclesThrough(p) > 0) {
        cycles.add(p);
      } else {
        assertThat(committed).as("round %s: exactly one half commits, the other is refused", p).isEqualTo(1);
      }
      assertThat(edges(p, TYPE)).as("round %s: the committed edges are there, the refused ones are not", p)
          .isEqualTo(present.size() + committed);
      long batchesCommitted = (firstBatch && outcomes.get(0) == Outcome.COMMITTED ? 1 : 0)
          + (secondBatch && outcomes.get(1) == Outcome.COMMITTED ? 1 : 0);
      assertThat(extraEdges(p)).as("round %s: a refused batch wrote nothing", p).isEqualTo(batchesCommitted);
    }
    assertThat(cycles).as("%d of %d rounds committed a %s cycle", cycles.size(), rounds, TYPE).isEmpty();
    assertThat(cyclesThrough(tag)).as("no same-type cycle anywhere in the test's memories").isZero();
  }

  /** Four writers each add one edge of the cycle a->b->c->d->a to four memories: three commit. */
  @Test
  void fourEdgesOfACycleAddedAtOnceNeverAllCommit() throws Exception {
    List<String> cycles = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      String p = "q" + round + "-";
      memories(p);
      boolean batches = round % 2 == 1;
      List<Outcome> outcomes = race(List.of(
          write(batches, edge(p, "ab"), 0), write(batches, edge(p, "bc"), 1),
          write(batches, edge(p, "cd"), 2), write(batches, edge(p, "da"), 3)));
      long committed = outcomes.stream().filter(o -> o == Outcome.COMMITTED).count();
      if (cyclesThrough(p) > 0) {
        cycles.add(p);
      } else {
        assertThat(committed).as("round %s: three of four edges commit, the last is refused", p).isEqualTo(3);
      }
      assertThat(edges(p, TYPE)).as("round %s: the committed edges are there, the refused one is not", p)
          .isEqualTo(committed);
      assertThat(extraEdges(p)).as("round %s: a refused batch wrote nothing", p).isEqualTo(batches ? committed : 0);
    }
    assertThat(cycles).as("%d of %d rounds committed a %s cycle", cycles.size(), ROUNDS, TYPE).isEmpty();
    assertThat(cyclesThrough("q")).as("no same-type cycle anywhere in the test's memories").isZero();
  }

  /** The lock nodes exist once cycle checks ran, and nothing that reads memories sees them. */
  @Test
  void lockNodesAreNotMemories() {
    memories("n-");
    graph.link(edge("n-", "ab"));
    graph.linkAll(List.of(edge("n-", "bc"), Relationship.builder("n-c", "n-d", EXTRA.get(0)).id("n-cd").build()));
    assertThat(lockNodes()).as("initializeSchema created one per type").isEqualTo(RelationshipType.values().length);
    assertThat(graph.statistics().memoryCount()).isEqualTo(4);
    assertThat(graph.statistics().relationshipCount()).isEqualTo(3);
    assertThat(graph.health().memoryCount()).isEqualTo(4);
    assertThat(graph.exportMemories(m -> { })).isEqualTo(4);
    assertThat(graph.exportRelationships(r -> { })).isEqualTo(3);
    assertThat(graph.search(dev.memorygraph.model.SearchQuery.builder().build()).total()).isEqualTo(4);
    assertThat(graph.search("cycle").total()).isEqualTo(4);
    assertThat(graph.recentActivity().totalCount()).isEqualTo(4);
    assertThat(graph.changesSince(java.time.Instant.EPOCH).memories()).hasSize(4);
    assertThat(graph.related("n-a", dev.memorygraph.model.TraversalOptions.builder()
        .direction(dev.memorygraph.model.Direction.BOTH).maxDepth(3).build())).hasSize(3);
  }

  /** With cycles allowed no write creates or touches a lock node. */
  @Test
  void writesWithCyclesAllowedTakeNoLock() {
    Neo4jTestServer.wipe(server);
    try (MemoryGraph free = MemoryGraph.open(Neo4jBackend.builder().uri(server.boltURI().toString()).build())) {
      memories(free, "f-");
      free.link(edge("f-", "ab"));
      free.linkAll(List.of(edge("f-", "bc"), edge("f-", "ca")));
      assertThat(free.statistics().currentRelationshipCount()).as("the cycle is allowed").isEqualTo(3);
    }
    assertThat(lockNodes()).isZero();
  }

  private long lockNodes() {
    List<Map<String, Object>> rows = graph.executeQuery("MATCH (l:" + CypherDialect.LOCK_LABEL + ") RETURN count(l) AS n",
        Map.of(), false);
    return ((Number) rows.get(0).get("n")).longValue();
  }

  private static Relationship edge(String prefix, String ends) {
    return Relationship.builder(prefix + ends.charAt(0), prefix + ends.charAt(1), TYPE).id(prefix + ends).build();
  }

  private void memories(String prefix) {
    memories(graph, prefix);
  }

  private static void memories(MemoryGraph g, String prefix) {
    List<Memory> ms = new ArrayList<>();
    for (String n : List.of("a", "b", "c", "d")) {
      ms.add(Memory.builder().id(prefix + n).title(prefix + n).content("cycle race").build());
    }
    g.storeAll(ms);
  }

  /**
   * One writer: the edge alone, or in a batch with an edge of another type (between the same
   * ends, so it closes no cycle of its own).
   */
  private Callable<Outcome> write(boolean batch, Relationship edge, int writer) {
    Relationship extra = Relationship.builder(edge.toId(), edge.fromId(), EXTRA.get(writer))
        .id(edge.id() + "-x" + writer).build();
    return () -> {
      if (batch) {
        graph.linkAll(List.of(extra, edge));
      } else {
        graph.link(edge);
      }
      return Outcome.COMMITTED;
    };
  }

  /**
   * Starts the writers together (a barrier releases them at once) and collects their outcomes.
   * A refusal must be the cycle policy's {@link ConflictException}; anything else fails the test.
   */
  private List<Outcome> race(List<Callable<Outcome>> writers) throws InterruptedException {
    CyclicBarrier start = new CyclicBarrier(writers.size());
    List<Future<Outcome>> futures = new ArrayList<>();
    for (Callable<Outcome> w : writers) {
      futures.add(pool.submit(() -> {
        start.await();
        try {
          return w.call();
        } catch (ConflictException e) {
          assertThat(e).hasMessageContaining("would close a cycle");
          return Outcome.REFUSED;
        }
      }));
    }
    List<Outcome> out = new ArrayList<>();
    for (Future<Outcome> f : futures) {
      try {
        out.add(f.get());
      } catch (ExecutionException e) {
        throw new AssertionError("a writer failed otherwise than by the cycle policy", e.getCause());
      }
    }
    return out;
  }

  /** Current same-type directed cycles through memories whose id starts with the prefix. */
  private long cyclesThrough(String prefix) {
    List<Map<String, Object>> rows = graph.executeQuery("MATCH p = (m:Memory)-[:" + TYPE.name() + "*2..4]->(m) "
        + "WHERE m.id STARTS WITH $prefix AND all(x IN relationships(p) WHERE x.valid_until IS NULL) "
        + "RETURN count(p) AS n", Map.of("prefix", prefix), false);
    return ((Number) rows.get(0).get("n")).longValue();
  }

  private long edges(String prefix, RelationshipType type) {
    List<Map<String, Object>> rows = graph.executeQuery("MATCH (a:Memory)-[x:" + type.name() + "]->(:Memory) "
        + "WHERE a.id STARTS WITH $prefix RETURN count(x) AS n", Map.of("prefix", prefix), false);
    return ((Number) rows.get(0).get("n")).longValue();
  }

  private long extraEdges(String prefix) {
    long n = 0;
    for (RelationshipType t : EXTRA) {
      n += edges(prefix, t);
    }
    return n;
  }
}
