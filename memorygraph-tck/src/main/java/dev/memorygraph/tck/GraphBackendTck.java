package dev.memorygraph.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.memorygraph.ConflictException;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.ValidationException;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.model.Capabilities;
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
import dev.memorygraph.model.Validation;
import dev.memorygraph.model.Visibility;
import dev.memorygraph.spi.GraphBackend;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The backend contract suite. A backend's test class extends this class and supplies fresh
 * backends; every contract test then runs against the real database.
 *
 * <p>The tests are grouped in {@link Nested} inner classes (MemoryRoundTrip, MemoryWrites,
 * BadInput, Search, Traversal, Paths, History, StatsAndActivity, CyclePolicy, Concurrency,
 * Lifecycle), which JUnit runs for every concrete subclass, so extending this one class brings
 * the whole suite. The contract as tested is written down in {@code docs/contract.md}.
 *
 * <p>Tests for a capability the backend declares absent ({@link GraphBackend#capabilities()})
 * are skipped with the backend's reason, visibly.
 */
public abstract class GraphBackendTck {

  /** The graph under test, opened over {@link #newBackend()} before each test. */
  protected MemoryGraph graph;

  private final List<GraphBackend> opened = new ArrayList<>();

  /**
   * A new, unconnected backend over EMPTY storage (a new file, a wiped database, a new graph
   * name). Called at least once per test.
   *
   * @param settings behaviour settings chosen by the test (for example
   *     {@code MEMORY_ALLOW_CYCLES=false}); merge your connection settings into them
   */
  protected abstract GraphBackend newBackend(MemoryGraphConfig settings);

  /** A new backend over empty storage with default behaviour settings. */
  protected final GraphBackend newBackend() {
    return newBackend(MemoryGraphConfig.of(Map.of()));
  }

  /**
   * A second, unconnected backend over the SAME storage as {@code backend} (reconnect and
   * concurrency tests). The default says the backend cannot, and such tests are skipped.
   */
  protected GraphBackend reopen(GraphBackend backend) {
    Assumptions.abort(getClass().getSimpleName() + " does not support reopening the same storage");
    return null;
  }

  /** Called after each test with every backend the test opened, already disconnected. */
  protected void cleanup(List<GraphBackend> backends) {}

  /** How long the concurrency test runs. */
  protected Duration concurrencyDuration() {
    return Duration.ofSeconds(3);
  }

  /** Opens a backend through the facade (connect + schema) and remembers it for cleanup. */
  protected final MemoryGraph open(GraphBackend backend) {
    opened.add(backend);
    return MemoryGraph.open(backend);
  }

  /** Remembers a backend the test creates without {@link #open}, so that it is cleaned up. */
  protected final GraphBackend track(GraphBackend backend) {
    opened.add(backend);
    return backend;
  }

  @BeforeEach
  void openGraph() {
    graph = open(newBackend());
  }

  @AfterEach
  void closeGraphs() {
    for (GraphBackend b : opened) {
      try {
        b.disconnect().join();
      } catch (RuntimeException ignored) {
        // a test may have closed it already; disconnect is idempotent but may report
      }
    }
    cleanup(List.copyOf(opened));
    opened.clear();
  }

  // ------------------------------------------------------------------ helpers

  /** Skips the test, with the backend's own reason, when it lacks the capability. */
  protected final void assumeCapability(Capability c) {
    Capabilities caps = graph.capabilities();
    Assumptions.assumeTrue(caps.supports(c), () -> graph.backend().backendName() + " lacks " + c
        + ": " + caps.reason(c).orElse("(no reason given)"));
  }

  /** A builder for a memory with a random id and the given title; content repeats the title. */
  protected static Memory.Builder memory(String title) {
    return Memory.builder().title(title).content("Content of " + title + ".");
  }

  /** Stores a memory with this id, type and title, defaults elsewhere. */
  protected final Memory store(String id, MemoryType type, String title) {
    return graph.store(memory(title).id(id).type(type).build());
  }

  /** Stores a general memory with this id and title. */
  protected final Memory store(String id, String title) {
    return store(id, MemoryType.GENERAL, title);
  }

  /** Creates a relationship with a chosen id. */
  protected final Relationship link(String id, String from, String to, RelationshipType type) {
    return graph.link(Relationship.builder(from, to, type).id(id).build());
  }

  /** Asserts that the call fails with a {@link ValidationException} naming {@code field}. */
  protected static void assertRejected(String field, ThrowingCallable call) {
    assertRejected("call", field, call);
  }

  /** Like {@link #assertRejected(String, ThrowingCallable)}, describing the call in failures. */
  protected static void assertRejected(String description, String field, ThrowingCallable call) {
    assertThatThrownBy(call)
        .as(description)
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).as("ValidationException.field()")
            .isEqualTo(field));
  }

  /** Everything observable about the stored graph, to prove that a rejected call wrote nothing. */
  protected record Snapshot(GraphStatistics statistics, List<Memory> memories, List<Relationship> relationships) {}

  /** Takes a {@link Snapshot} of the graph. */
  protected final Snapshot snapshot(MemoryGraph g) {
    List<Memory> ms = new ArrayList<>();
    List<Relationship> rs = new ArrayList<>();
    long mc = g.exportMemories(ms::add);
    long rc = g.exportRelationships(rs::add);
    assertThat(ms).hasSize((int) mc);
    assertThat(rs).hasSize((int) rc);
    return new Snapshot(g.statistics(), ms, rs);
  }

  private static List<String> ids(List<Memory> ms) {
    return ms.stream().map(Memory::id).collect(Collectors.toList());
  }

  private static List<String> relatedIds(List<RelatedMemory> rs) {
    return rs.stream().map(r -> r.memory().id()).collect(Collectors.toList());
  }

  private static Instant now() {
    return Validation.now();
  }

  private static Instant daysAgo(long days) {
    return now().minus(days, ChronoUnit.DAYS);
  }

  // ================================================================== groups

  /** Every field of memories and relationships comes back exactly as stored. */
  @Nested
  @DisplayName("MemoryRoundTrip")
  class MemoryRoundTrip {

    @Test
    void everyMemoryFieldRoundTripsWithFullContext() {
      Memory m = Memory.builder()
          .id("rt-full-" + UUID.randomUUID())
          .type(MemoryType.CODE_PATTERN)
          .title("  Full memory " + "😀".repeat(3) + " e\u0301  ")
          .content(TckData.UNICODE + "\n\tsecond line with trailing spaces   ")
          .summary("Summary ÄÖÜ 👩‍💻 line1\nline2")
          .tags(" Java ", "JAVA", "ÜNICODE-Tag", "emoji-😀", "c:\\temp\\new")
          .context(TckData.fullContext())
          .importance(0.123456789012345)
          .confidence(1.0)
          .effectiveness(0.0)
          .usageCount(9_007_199_254_740_993L)
          .createdAt(TckData.PRE_EPOCH)
          .updatedAt(TckData.MAX)
          .lastAccessed(TckData.MIN)
          .version(42)
          .updatedBy("editor ✍️")
          .build();
      assertThat(m.title()).as("titles are trimmed").startsWith("Full memory");
      assertThat(m.tags()).containsExactly("c:\\temp\\new", "emoji-😀", "java", "ünicode-tag");

      Memory returned = graph.store(m);
      assertThat(returned).isEqualTo(m);
      assertThat(graph.get(m.id())).contains(m);
    }

    @Test
    void emptyContextAndNullOptionalsRoundTrip() {
      Memory m = Memory.builder().title("bare").content("x").build();
      graph.store(m);
      Memory back = graph.get(m.id()).orElseThrow();
      assertThat(back).isEqualTo(m);
      assertThat(back.context().isEmpty()).isTrue();
      assertThat(back.context().visibility()).isEqualTo(Visibility.PROJECT);
      assertThat(back.summary()).isNull();
      assertThat(back.effectiveness()).isNull();
      assertThat(back.lastAccessed()).isNull();
      assertThat(back.updatedBy()).isNull();
      assertThat(back.tags()).isEmpty();
      assertThat(back.importance()).isEqualTo(Memory.DEFAULT_IMPORTANCE);
      assertThat(back.confidence()).isEqualTo(Memory.DEFAULT_CONFIDENCE);
      assertThat(back.version()).isEqualTo(1);
    }

    @Test
    void effectivenessNullAndSetBothRoundTrip() {
      Memory none = graph.store(memory("no effectiveness").effectiveness(null).build());
      Memory some = graph.store(memory("some effectiveness").effectiveness(0.73).build());
      Memory one = graph.store(memory("full effectiveness").effectiveness(1.0).build());
      assertThat(graph.get(none.id()).orElseThrow().effectiveness()).isNull();
      assertThat(graph.get(some.id()).orElseThrow().effectiveness()).isEqualTo(0.73);
      assertThat(graph.get(one.id()).orElseThrow().effectiveness()).isEqualTo(1.0);
    }

    @Test
    void awkwardDoublesRoundTripBitForBit() {
      // Values whose shortest decimal form a non-correctly-rounding parser gets one ULP wrong
      // (measured on tursodb), plus the smallest subnormal and the neighbours of 1.
      double[] values = {0.9452706955539223, 0.1 + 0.2, 4.9e-324, Math.nextDown(1.0), Math.nextUp(0.0),
          0.30000000000000004, 1.0 / 3.0, 2.0 / 3.0};
      for (int i = 0; i < values.length; i++) {
        Memory m = graph.store(memory("double " + i).importance(values[i]).confidence(values[values.length - 1 - i])
            .effectiveness(values[i]).build());
        Memory back = graph.get(m.id()).orElseThrow();
        assertThat(Double.doubleToLongBits(back.importance())).as("importance %s", values[i])
            .isEqualTo(Double.doubleToLongBits(values[i]));
        assertThat(Double.doubleToLongBits(back.confidence())).as("confidence %s", values[values.length - 1 - i])
            .isEqualTo(Double.doubleToLongBits(values[values.length - 1 - i]));
        assertThat(back.effectiveness()).isEqualTo(values[i]);
        Relationship r = Relationship.builder(m.id(), graph.store(memory("peer " + i).build()).id(), RelationshipType.CONFIRMS)
            .strength(values[i]).successRate(values[i]).build();
        graph.link(r);
        assertThat(graph.relationship(r.id())).contains(r);
      }
    }

    @Test
    void maximumSizesRoundTrip() {
      String content = TckData.longText(Validation.MAX_CONTENT);
      assertThat(content).hasSize(50_000);
      List<String> tags = IntStream.range(0, Validation.MAX_TAGS)
          .mapToObj(i -> String.format("%02d", i) + "t".repeat(Validation.MAX_TAG - 2))
          .collect(Collectors.toList());
      Memory m = Memory.builder()
          .title("T😀".repeat(66) + "ab")
          .content(content)
          .summary("s".repeat(Validation.MAX_SUMMARY))
          .tags(tags)
          .build();
      assertThat(m.title()).hasSize(Validation.MAX_TITLE);
      graph.store(m);
      Memory back = graph.get(m.id()).orElseThrow();
      assertThat(back.content()).isEqualTo(content);
      assertThat(back).isEqualTo(m);
    }

    @Test
    void unicodeIsStoredCodePointForCodePoint() {
      Memory m = graph.store(memory("Ελληνικά 日本語 👩‍👩‍👧‍👦 e\u0301")
          .content(TckData.UNICODE).summary("a\u0308 vs ä").tags("äöü", "日本語", "😀").build());
      Memory back = graph.get(m.id()).orElseThrow();
      assertThat(back.content()).isEqualTo(TckData.UNICODE);
      assertThat(back.title()).as("combining marks must not be normalised")
          .contains("e\u0301").doesNotContain("é");
      assertThat(back.summary()).isEqualTo("a\u0308 vs ä");
      assertThat(back.tags()).containsExactlyInAnyOrder("äöü", "日本語", "😀");
      assertThat(back).isEqualTo(m);
    }

    @Test
    void timestampsRoundTripToTheMicrosecondAcrossTheWholeRange() {
      List<Instant> instants = List.of(TckData.MIN, TckData.EARLY, Instant.parse("1969-12-31T23:59:59.999999Z"),
          Instant.EPOCH, TckData.PRE_EPOCH, TckData.MODERN, Instant.parse("2038-01-19T03:14:08.000001Z"), TckData.MAX);
      List<Memory> stored = new ArrayList<>();
      for (Instant t : instants) {
        stored.add(graph.store(memory("time " + t).createdAt(t).updatedAt(t).lastAccessed(t)
            .context(MemoryContext.builder().timestamp(t).build()).build()));
      }
      for (Memory m : stored) {
        Memory back = graph.get(m.id()).orElseThrow();
        assertThat(back.createdAt()).isEqualTo(m.createdAt());
        assertThat(back.updatedAt()).isEqualTo(m.updatedAt());
        assertThat(back.lastAccessed()).isEqualTo(m.lastAccessed());
        assertThat(back.context().timestamp()).isEqualTo(m.context().timestamp());
      }
      Instant nanos = Instant.parse("2020-01-01T00:00:00.123456789Z");
      Memory truncated = graph.store(memory("nanos").createdAt(nanos).build());
      assertThat(graph.get(truncated.id()).orElseThrow().createdAt())
          .isEqualTo(Instant.parse("2020-01-01T00:00:00.123456Z"));
    }

    @Test
    void allThirteenMemoryTypesRoundTrip() {
      assertThat(MemoryType.values()).hasSize(13);
      List<Memory> all = new ArrayList<>();
      for (MemoryType t : MemoryType.values()) {
        all.add(memory("type " + t.id()).id("type-" + t.id()).type(t).build());
      }
      assertThat(graph.storeAll(all)).isEqualTo(13);
      for (Memory m : all) {
        assertThat(graph.get(m.id())).contains(m);
      }
      Map<MemoryType, Long> expected = new EnumMap<>(MemoryType.class);
      for (MemoryType t : MemoryType.values()) {
        expected.put(t, 1L);
      }
      assertThat(graph.statistics().memoriesByType()).isEqualTo(expected);
    }

    @Test
    void allFourVisibilitiesRoundTrip() {
      for (Visibility v : Visibility.values()) {
        Memory m = graph.store(memory("visibility " + v.id())
            .context(MemoryContext.builder().visibility(v).projectPath("/p").build()).build());
        assertThat(graph.get(m.id()).orElseThrow().context().visibility()).isEqualTo(v);
      }
    }

    @Test
    void everyRelationshipFieldRoundTrips() {
      store("rel-a", "A");
      store("rel-b", "B");
      Relationship r = Relationship.builder("rel-a", "rel-b", RelationshipType.SOLVES)
          .id("rel-full")
          .strength(0.3333333333333333)
          .confidence(0.0)
          .context("Because 'it' \"works\" ÄÖÜ 😀\nsecond line; DROP TABLE relationships;--")
          .evidenceCount(9_007_199_254_740_993L)
          .successRate(0.25)
          .createdAt(TckData.PRE_EPOCH)
          .lastValidated(TckData.MAX)
          .validationCount(3)
          .counterEvidenceCount(2)
          .validFrom(TckData.EARLY)
          .validUntil(TckData.MODERN)
          .recordedAt(TckData.MIN)
          .invalidatedBy("rel-successor")
          .build();
      assertThat(graph.link(r)).isEqualTo(r);
      assertThat(graph.relationship("rel-full")).contains(r);

      Relationship plain = graph.link("rel-b", "rel-a", RelationshipType.RELATED_TO);
      Relationship back = graph.relationship(plain.id()).orElseThrow();
      assertThat(back).isEqualTo(plain);
      assertThat(back.successRate()).isNull();
      assertThat(back.context()).isNull();
      assertThat(back.invalidatedBy()).isNull();
      assertThat(back.validUntil()).isNull();
      assertThat(back.strength()).isEqualTo(RelationshipType.RELATED_TO.defaultStrength());
      assertThat(back.confidence()).isEqualTo(RelationshipType.RELATED_TO.defaultConfidence());
    }

    @Test
    void allThirtyFiveRelationshipTypesRoundTrip() {
      assertThat(RelationshipType.values()).hasSize(35);
      store("types-a", "A");
      store("types-b", "B");
      List<Relationship> rels = new ArrayList<>();
      for (RelationshipType t : RelationshipType.values()) {
        rels.add(Relationship.builder("types-a", "types-b", t).id("rt-" + t.name().toLowerCase(java.util.Locale.ROOT)).build());
      }
      assertThat(graph.linkAll(rels)).isEqualTo(35);
      for (Relationship r : rels) {
        assertThat(graph.relationship(r.id())).contains(r);
      }
      GraphStatistics s = graph.statistics();
      assertThat(s.relationshipCount()).isEqualTo(35);
      assertThat(s.relationshipsByType()).hasSize(35).allSatisfy((t, n) -> assertThat(n).isEqualTo(1L));
    }

    @Test
    void injectionStringsAsValuesRoundTripExactly() {
      List<Memory> stored = new ArrayList<>();
      int i = 0;
      for (String s : TckData.INJECTIONS) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(s, s);
        Memory m = Memory.builder()
            .id("inj-" + i++)
            .title(s)
            .content("payload " + s + " end")
            .summary(s)
            .tags(s, "marker")
            .context(MemoryContext.builder().projectPath(s).gitBranch(s).workingDirectory(s)
                .filesInvolved(List.of(s)).additionalMetadata(meta).userId(s).build())
            .updatedBy(s)
            .build();
        stored.add(graph.store(m));
      }
      for (Memory m : stored) {
        assertThat(graph.get(m.id())).contains(m);
      }
      store("inj-target", "target");
      Relationship r = graph.link(Relationship.builder("inj-0", "inj-target", RelationshipType.CAUSES)
          .context(String.join("\n", TckData.INJECTIONS)).build());
      assertThat(graph.relationship(r.id())).contains(r);

      GraphStatistics s = graph.statistics();
      assertThat(s.memoryCount()).isEqualTo(TckData.INJECTIONS.size() + 1L);
      assertThat(s.relationshipCount()).isEqualTo(1);
    }

    @Test
    void exportStreamsEverythingInIdOrder() {
      store("exp-c", "c");
      store("exp-a", "a");
      store("exp-b", "b");
      link("exp-r2", "exp-a", "exp-b", RelationshipType.CAUSES);
      link("exp-r1", "exp-b", "exp-c", RelationshipType.CAUSES);
      List<Memory> ms = new ArrayList<>();
      assertThat(graph.exportMemories(ms::add)).isEqualTo(3);
      assertThat(ids(ms)).containsExactly("exp-a", "exp-b", "exp-c");
      List<Relationship> rs = new ArrayList<>();
      assertThat(graph.exportRelationships(rs::add)).isEqualTo(2);
      assertThat(rs).extracting(Relationship::id).containsExactly("exp-r1", "exp-r2");
    }
  }

  /** Upsert, partial update, delete, and what happens with missing ids. */
  @Nested
  @DisplayName("MemoryWrites")
  class MemoryWrites {

    @Test
    void storeOfAnExistingIdIsAnUpsert() {
      Instant created = TckData.MODERN;
      Memory first = graph.store(memory("first title").id("up-1").createdAt(created).updatedAt(created).build());
      assertThat(first.version()).isEqualTo(1);
      Instant before = now();
      Memory second = graph.store(memory("second title").id("up-1").type(MemoryType.SOLUTION)
          .createdAt(Instant.parse("2000-01-01T00:00:00Z")).importance(0.9).tags("new").build());
      assertThat(second.createdAt()).as("created_at is kept").isEqualTo(created);
      assertThat(second.updatedAt()).as("updated_at moves to now").isAfter(created).isAfterOrEqualTo(before);
      assertThat(second.version()).isEqualTo(2);
      assertThat(second.title()).isEqualTo("second title");
      assertThat(second.type()).isEqualTo(MemoryType.SOLUTION);
      assertThat(second.importance()).isEqualTo(0.9);
      assertThat(second.tags()).containsExactly("new");
      assertThat(graph.get("up-1")).contains(second);

      Memory third = graph.store(memory("third").id("up-1").build());
      assertThat(third.version()).isEqualTo(3);
      assertThat(third.createdAt()).isEqualTo(created);
      assertThat(graph.statistics().memoryCount()).isEqualTo(1);
    }

    @Test
    void storeAllUpsertsWithTheSameRules() {
      graph.store(memory("old").id("bulk-1").createdAt(TckData.MODERN).updatedAt(TckData.MODERN).build());
      int n = graph.storeAll(List.of(memory("new title").id("bulk-1").build(), memory("fresh").id("bulk-2").build()));
      assertThat(n).isEqualTo(2);
      Memory one = graph.get("bulk-1").orElseThrow();
      assertThat(one.title()).isEqualTo("new title");
      assertThat(one.version()).isEqualTo(2);
      assertThat(one.createdAt()).isEqualTo(TckData.MODERN);
      assertThat(graph.get("bulk-2").orElseThrow().version()).isEqualTo(1);
      assertThat(graph.storeAll(List.of())).isZero();
      assertThat(graph.statistics().memoryCount()).isEqualTo(2);
    }

    @Test
    void updateChangesOnlyTheGivenFields() {
      Memory m = graph.store(memory("original").id("upd-1").summary("keep me").tags("a", "b")
          .createdAt(TckData.MODERN).updatedAt(TckData.MODERN).importance(0.4).build());
      Instant before = now();
      Memory u = graph.update("upd-1", MemoryUpdate.builder().title("changed").importance(0.95)
          .tags(List.of("C")).usageCount(7).lastAccessed(TckData.PRE_EPOCH).updatedBy("me")
          .effectiveness(0.5).build()).orElseThrow();
      assertThat(u.version()).isEqualTo(2);
      assertThat(u.updatedAt()).isAfterOrEqualTo(before).isAfter(m.updatedAt());
      assertThat(u.createdAt()).isEqualTo(m.createdAt());
      assertThat(u.title()).isEqualTo("changed");
      assertThat(u.importance()).isEqualTo(0.95);
      assertThat(u.tags()).containsExactly("c");
      assertThat(u.usageCount()).isEqualTo(7);
      assertThat(u.lastAccessed()).isEqualTo(TckData.PRE_EPOCH);
      assertThat(u.updatedBy()).isEqualTo("me");
      assertThat(u.effectiveness()).isEqualTo(0.5);
      assertThat(u.content()).isEqualTo(m.content());
      assertThat(u.summary()).isEqualTo("keep me");
      assertThat(u.type()).isEqualTo(m.type());
      assertThat(u.context()).isEqualTo(m.context());
      assertThat(u.confidence()).isEqualTo(m.confidence());
      assertThat(graph.get("upd-1")).contains(u);

      Memory u2 = graph.update("upd-1", MemoryUpdate.builder().summary("").context(TckData.fullContext())
          .type(MemoryType.FIX).content("new content").build()).orElseThrow();
      assertThat(u2.version()).isEqualTo(3);
      assertThat(u2.summary()).as("\"\" clears the summary").isNull();
      assertThat(u2.context()).isEqualTo(TckData.fullContext());
      assertThat(u2.type()).isEqualTo(MemoryType.FIX);
      assertThat(u2.content()).isEqualTo("new content");
      assertThat(u2.title()).isEqualTo("changed");
      assertThat(graph.get("upd-1")).contains(u2);
    }

    @Test
    void updateOfAMissingMemoryIsEmptyAndCreatesNothing() {
      assertThat(graph.update("missing-1", MemoryUpdate.builder().title("x").build())).isEmpty();
      assertThat(graph.get("missing-1")).isEmpty();
      assertThat(graph.statistics().memoryCount()).isZero();
    }

    @Test
    void deleteRemovesTheMemoryAndEveryIncidentRelationship() {
      store("del-a", "A");
      store("del-b", "B");
      store("del-c", "C");
      link("del-r1", "del-a", "del-b", RelationshipType.SOLVES);
      link("del-r2", "del-c", "del-a", RelationshipType.CAUSES);
      link("del-r3", "del-b", "del-c", RelationshipType.FOLLOWS);
      link("del-r4", "del-a", "del-c", RelationshipType.RELATED_TO);
      graph.invalidate("del-r4");

      assertThat(graph.delete("del-a")).isTrue();
      assertThat(graph.get("del-a")).isEmpty();
      assertThat(graph.relationship("del-r1")).isEmpty();
      assertThat(graph.relationship("del-r2")).isEmpty();
      assertThat(graph.relationship("del-r4")).as("invalidated edges go too").isEmpty();
      assertThat(graph.relationship("del-r3")).isPresent();
      assertThat(graph.history("del-b")).extracting(Relationship::id).containsExactly("del-r3");
      assertThat(relatedIds(graph.related("del-b"))).containsExactly("del-c");
      GraphStatistics s = graph.statistics();
      assertThat(s.memoryCount()).isEqualTo(2);
      assertThat(s.relationshipCount()).isEqualTo(1);
      assertThat(s.currentRelationshipCount()).isEqualTo(1);
      assertThat(graph.delete("del-a")).as("second delete").isFalse();
    }

    @Test
    void missingIdsGiveEmptyResultsNeverExceptions() {
      store("present", "present");
      assertThat(graph.get("nope")).isEmpty();
      assertThat(graph.delete("nope")).isFalse();
      assertThat(graph.relationship("nope")).isEmpty();
      assertThat(graph.unlink("nope")).isFalse();
      assertThat(graph.invalidate("nope")).isEmpty();
      assertThat(graph.updateRelationship("nope", RelationshipUpdate.builder().strength(0.1).build())).isEmpty();
      assertThat(graph.related("nope")).isEmpty();
      assertThat(graph.related("nope", TraversalOptions.builder().maxDepth(5).build())).isEmpty();
      assertThat(graph.path("nope", "present")).isEmpty();
      assertThat(graph.path("present", "nope")).isEmpty();
      assertThat(graph.history("nope")).isEmpty();
      assertThat(graph.statistics().memoryCount()).isEqualTo(1);
    }

    @Test
    void linkingToAMissingMemoryFailsWithNotFoundAndWritesNothing() {
      store("nf-a", "A");
      Snapshot before = snapshot(graph);
      assertThatThrownBy(() -> graph.link("nf-a", "nf-missing", RelationshipType.SOLVES))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> graph.link("nf-missing", "nf-a", RelationshipType.SOLVES))
          .isInstanceOf(NotFoundException.class);
      assertThat(snapshot(graph)).isEqualTo(before);
    }

    @Test
    void linkAllIsAtomicWhenOneEndIsMissing() {
      store("la-a", "A");
      store("la-b", "B");
      Snapshot before = snapshot(graph);
      assertThatThrownBy(() -> graph.linkAll(List.of(
          Relationship.builder("la-a", "la-b", RelationshipType.CAUSES).id("la-ok").build(),
          Relationship.builder("la-b", "la-missing", RelationshipType.CAUSES).id("la-bad").build())))
          .isInstanceOf(NotFoundException.class);
      assertThat(graph.relationship("la-ok")).isEmpty();
      assertThat(snapshot(graph)).isEqualTo(before);
    }

    @Test
    void duplicateRelationshipIdIsAConflict() {
      store("dup-a", "A");
      store("dup-b", "B");
      store("dup-c", "C");
      Relationship r = link("dup-r", "dup-a", "dup-b", RelationshipType.SOLVES);
      Snapshot before = snapshot(graph);
      assertThatThrownBy(() -> link("dup-r", "dup-b", "dup-c", RelationshipType.CAUSES))
          .isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> graph.linkAll(List.of(
          Relationship.builder("dup-c", "dup-a", RelationshipType.CAUSES).id("dup-new").build(),
          Relationship.builder("dup-b", "dup-c", RelationshipType.CAUSES).id("dup-r").build())))
          .isInstanceOf(ConflictException.class);
      assertThat(snapshot(graph)).isEqualTo(before);
      assertThat(graph.relationship("dup-r")).contains(r);
    }

    @Test
    void duplicateEdgesWithOtherIdsAreAllowed() {
      store("de-a", "A");
      store("de-b", "B");
      Relationship r1 = graph.link("de-a", "de-b", RelationshipType.SOLVES);
      Relationship r2 = graph.link("de-a", "de-b", RelationshipType.SOLVES);
      assertThat(r1.id()).isNotEqualTo(r2.id());
      assertThat(graph.relationship(r1.id())).contains(r1);
      assertThat(graph.relationship(r2.id())).contains(r2);
      assertThat(graph.statistics().relationshipsByType()).containsEntry(RelationshipType.SOLVES, 2L);
      assertThat(graph.history("de-a")).extracting(Relationship::id).containsExactlyInAnyOrder(r1.id(), r2.id());
    }

    @Test
    void updateRelationshipChangesScoresOnly() {
      store("ur-a", "A");
      store("ur-b", "B");
      Relationship r = graph.link(Relationship.builder("ur-a", "ur-b", RelationshipType.IMPROVES)
          .context("old context").successRate(0.5).build());
      Relationship u = graph.updateRelationship(r.id(), RelationshipUpdate.builder().strength(0.11)
          .confidence(0.22).evidenceCount(5).successRate(0.33).lastValidated(TckData.MAX)
          .validationCount(4).counterEvidenceCount(6).build()).orElseThrow();
      assertThat(u).isEqualTo(r.toBuilder().strength(0.11).confidence(0.22).evidenceCount(5)
          .successRate(0.33).lastValidated(TckData.MAX).validationCount(4).counterEvidenceCount(6).build());
      assertThat(graph.relationship(r.id())).contains(u);
      Relationship cleared = graph.updateRelationship(r.id(), RelationshipUpdate.builder().context("").build())
          .orElseThrow();
      assertThat(cleared.context()).as("\"\" clears the context").isNull();
      assertThat(cleared.strength()).isEqualTo(0.11);
      assertThat(graph.relationship(r.id())).contains(cleared);
    }

    @Test
    void unlinkDeletesWithoutHistory() {
      store("ul-a", "A");
      store("ul-b", "B");
      Relationship r = graph.link("ul-a", "ul-b", RelationshipType.CAUSES);
      assertThat(graph.unlink(r.id())).isTrue();
      assertThat(graph.relationship(r.id())).isEmpty();
      assertThat(graph.history("ul-a")).isEmpty();
      assertThat(graph.unlink(r.id())).isFalse();
      assertThat(graph.get("ul-a")).isPresent();
      assertThat(graph.get("ul-b")).isPresent();
    }

    @Test
    void storeReturnsTheMemoryAsGivenWhenNew() {
      Memory m = memory("as given").version(5).usageCount(3).createdAt(TckData.EARLY)
          .updatedAt(TckData.MODERN).build();
      assertThat(graph.store(m)).isEqualTo(m);
      assertThat(graph.get(m.id())).contains(m);
    }
  }

  /** Bad input on every write and query path: a ValidationException naming the field, nothing written. */
  @Nested
  @DisplayName("BadInput")
  class BadInput {

    private static final String A = "bad-a";
    private static final String B = "bad-b";
    private static final String R = "bad-r";

    private Snapshot baseline;

    @BeforeEach
    void fixture() {
      store(A, "Alpha");
      store(B, "Beta");
      link(R, A, B, RelationshipType.SOLVES);
      baseline = snapshot(graph);
    }

    private DynamicTest reject(String name, String field, ThrowingCallable call) {
      return DynamicTest.dynamicTest(name + " -> " + field, () -> {
        assertRejected(name, field, call);
        assertThat(snapshot(graph)).as("store unchanged after " + name).isEqualTo(baseline);
      });
    }

    private Memory.Builder valid() {
      return memory("valid title");
    }

    @TestFactory
    Stream<DynamicTest> storeAndStoreAll() {
      List<DynamicTest> t = new ArrayList<>();
      t.add(reject("store(null)", "memory", () -> graph.store(null)));
      t.add(reject("title null", "title", () -> graph.store(valid().title(null).build())));
      t.add(reject("title blank", "title", () -> graph.store(valid().title(" \t ").build())));
      t.add(reject("title 201 chars", "title", () -> graph.store(valid().title("x".repeat(201)).build())));
      t.add(reject("title newline", "title", () -> graph.store(valid().title("two\nlines").build())));
      t.add(reject("title NUL", "title", () -> graph.store(valid().title("nul\u0000").build())));
      t.add(reject("title DEL", "title", () -> graph.store(valid().title("del\u007f").build())));
      t.add(reject("title C1 control", "title", () -> graph.store(valid().title("c1\u0085").build())));
      t.add(reject("content null", "content", () -> graph.store(valid().content(null).build())));
      t.add(reject("content blank", "content", () -> graph.store(valid().content(" \n\t ").build())));
      t.add(reject("content 50001 chars", "content", () -> graph.store(valid().content("x".repeat(50_001)).build())));
      t.add(reject("content BEL", "content", () -> graph.store(valid().content("bell\u0007").build())));
      t.add(reject("content unpaired surrogate", "content", () -> graph.store(valid().content("half \uD83D pair").build())));
      t.add(reject("summary 501 chars", "summary", () -> graph.store(valid().summary("s".repeat(501)).build())));
      t.add(reject("summary NUL", "summary", () -> graph.store(valid().summary("a\u0000b").build())));
      t.add(reject("51 tags", "tags", () -> graph.store(valid().tags(IntStream.range(0, 51)
          .mapToObj(i -> "tag" + i).collect(Collectors.toList())).build())));
      t.add(reject("101-char tag", "tags", () -> graph.store(valid().tags("t".repeat(101)).build())));
      t.add(reject("blank tag", "tags", () -> graph.store(valid().tags("ok", "  ").build())));
      t.add(reject("null tag", "tags", () -> graph.store(valid().tags(Collections.singletonList(null)).build())));
      t.add(reject("null tag (varargs)", "tags", () -> graph.store(valid().tags("ok", null).build())));
      t.add(reject("tag with newline", "tags", () -> graph.store(valid().tags("a\nb").build())));
      t.add(reject("importance NaN", "importance", () -> graph.store(valid().importance(Double.NaN).build())));
      t.add(reject("importance -0.1", "importance", () -> graph.store(valid().importance(-0.1).build())));
      t.add(reject("importance 1.1", "importance", () -> graph.store(valid().importance(1.1).build())));
      t.add(reject("importance +Inf", "importance", () -> graph.store(valid().importance(Double.POSITIVE_INFINITY).build())));
      t.add(reject("confidence 1.5", "confidence", () -> graph.store(valid().confidence(1.5).build())));
      t.add(reject("confidence NaN", "confidence", () -> graph.store(valid().confidence(Double.NaN).build())));
      t.add(reject("effectiveness -1", "effectiveness", () -> graph.store(valid().effectiveness(-1.0).build())));
      t.add(reject("usage_count -1", "usage_count", () -> graph.store(valid().usageCount(-1).build())));
      t.add(reject("version 0", "version", () -> graph.store(valid().version(0).build())));
      t.add(reject("type null", "type", () -> graph.store(valid().type((MemoryType) null).build())));
      t.add(reject("type unknown", "type", () -> graph.store(valid().type("bogus_type").build())));
      t.add(reject("created_at year 10000", "created_at",
          () -> graph.store(valid().createdAt(TckData.MAX.plusSeconds(1)).build())));
      t.add(reject("created_at before year 1", "created_at",
          () -> graph.store(valid().createdAt(TckData.MIN.minusSeconds(1)).build())));
      t.add(reject("updated_at year 10000", "updated_at",
          () -> graph.store(valid().updatedAt(TckData.MAX.plusSeconds(1)).build())));
      t.add(reject("last_accessed year 10000", "last_accessed",
          () -> graph.store(valid().lastAccessed(TckData.MAX.plusSeconds(1)).build())));
      t.add(reject("updated_by newline", "updated_by", () -> graph.store(valid().updatedBy("a\nb").build())));
      t.add(reject("context.project_path control", "context.project_path",
          () -> graph.store(valid().context(MemoryContext.builder().projectPath("/p\u0001").build()).build())));
      t.add(reject("context.project_path 4097 chars", "context.project_path",
          () -> graph.store(valid().context(MemoryContext.builder().projectPath("p".repeat(4097)).build()).build())));
      t.add(reject("context.files_involved null entry", "context.files_involved",
          () -> graph.store(valid().context(MemoryContext.builder()
              .filesInvolved(Collections.singletonList(null)).build()).build())));
      t.add(reject("context.technologies null entry", "context.technologies",
          () -> graph.store(valid().context(MemoryContext.builder()
              .technologies(java.util.Arrays.asList("ok", null)).build()).build())));
      t.add(reject("context.languages blank entry", "context.languages",
          () -> graph.store(valid().context(MemoryContext.builder().languages(List.of(" ")).build()).build())));
      t.add(reject("context.git_branch newline", "context.git_branch",
          () -> graph.store(valid().context(MemoryContext.builder().gitBranch("a\nb").build()).build())));
      t.add(reject("context.timestamp year 10000", "context.timestamp",
          () -> graph.store(valid().context(MemoryContext.builder().timestamp(TckData.MAX.plusSeconds(1)).build()).build())));
      t.add(reject("context.visibility unknown", "context.visibility",
          () -> graph.store(valid().context(MemoryContext.builder().visibility(Visibility.parse("secret")).build()).build())));
      t.add(reject("context.additional_metadata null value", "context.additional_metadata.k",
          () -> graph.store(valid().context(MemoryContext.builder()
              .additionalMetadata(Collections.singletonMap("k", null)).build()).build())));
      t.add(reject("context.additional_metadata control in value", "context.additional_metadata.k",
          () -> graph.store(valid().context(MemoryContext.builder()
              .additionalMetadata(Map.of("k", "v\u0000")).build()).build())));
      for (String bad : TckData.INJECTION_IDS) {
        t.add(reject("store id " + printable(bad), "id", () -> graph.store(valid().id(bad).build())));
      }
      t.add(reject("storeAll(null)", "memories", () -> graph.storeAll(null)));
      t.add(reject("storeAll([null])", "memories[]", () -> graph.storeAll(Collections.singletonList(null))));
      t.add(reject("storeAll([valid, null])", "memories[]",
          () -> graph.storeAll(java.util.Arrays.asList(valid().id("bad-new").build(), null))));
      t.add(reject("storeAll([valid, bad title])", "title",
          () -> graph.storeAll(List.of(valid().id("bad-new").build(), valid().title("").build()))));
      return t.stream();
    }

    @TestFactory
    Stream<DynamicTest> update() {
      List<DynamicTest> t = new ArrayList<>();
      MemoryUpdate ok = MemoryUpdate.builder().title("new").build();
      for (String bad : TckData.INJECTION_IDS) {
        t.add(reject("update id " + printable(bad), "id", () -> graph.update(bad, ok)));
      }
      t.add(reject("update id null", "id", () -> graph.update(null, ok)));
      t.add(reject("update null", "update", () -> graph.update(A, null)));
      t.add(reject("title 201", "title", () -> graph.update(A, MemoryUpdate.builder().title("x".repeat(201)).build())));
      t.add(reject("title blank", "title", () -> graph.update(A, MemoryUpdate.builder().title("  ").build())));
      t.add(reject("content blank", "content", () -> graph.update(A, MemoryUpdate.builder().content(" ").build())));
      t.add(reject("content 50001", "content", () -> graph.update(A, MemoryUpdate.builder().content("c".repeat(50_001)).build())));
      t.add(reject("content NUL", "content", () -> graph.update(A, MemoryUpdate.builder().content("\u0000").build())));
      t.add(reject("summary 501", "summary", () -> graph.update(A, MemoryUpdate.builder().summary("s".repeat(501)).build())));
      t.add(reject("51 tags", "tags", () -> graph.update(A, MemoryUpdate.builder().tags(IntStream.range(0, 51)
          .mapToObj(i -> "t" + i).collect(Collectors.toList())).build())));
      t.add(reject("null tag", "tags", () -> graph.update(A, MemoryUpdate.builder()
          .tags(java.util.Arrays.asList("ok", null)).build())));
      t.add(reject("101-char tag", "tags", () -> graph.update(A, MemoryUpdate.builder().tags(List.of("t".repeat(101))).build())));
      t.add(reject("importance NaN", "importance", () -> graph.update(A, MemoryUpdate.builder().importance(Double.NaN).build())));
      t.add(reject("importance -0.1", "importance", () -> graph.update(A, MemoryUpdate.builder().importance(-0.1).build())));
      t.add(reject("importance 1.1", "importance", () -> graph.update(A, MemoryUpdate.builder().importance(1.1).build())));
      t.add(reject("confidence 2", "confidence", () -> graph.update(A, MemoryUpdate.builder().confidence(2).build())));
      t.add(reject("effectiveness NaN", "effectiveness", () -> graph.update(A, MemoryUpdate.builder().effectiveness(Double.NaN).build())));
      t.add(reject("usage_count -1", "usage_count", () -> graph.update(A, MemoryUpdate.builder().usageCount(-1).build())));
      t.add(reject("last_accessed year 10000", "last_accessed",
          () -> graph.update(A, MemoryUpdate.builder().lastAccessed(TckData.MAX.plusSeconds(1)).build())));
      t.add(reject("updated_by control", "updated_by", () -> graph.update(A, MemoryUpdate.builder().updatedBy("\u0001").build())));
      t.add(reject("context control", "context.session_id", () -> graph.update(A, MemoryUpdate.builder()
          .context(MemoryContext.builder().sessionId("s\u0002").build()).build())));
      return t.stream();
    }

    @TestFactory
    Stream<DynamicTest> linkAndLinkAll() {
      List<DynamicTest> t = new ArrayList<>();
      t.add(reject("self-loop", "to_id", () -> graph.link(A, A, RelationshipType.RELATED_TO)));
      t.add(reject("link(null)", "relationship", () -> graph.link(null)));
      t.add(reject("type null", "type", () -> graph.link(A, B, null)));
      t.add(reject("type unknown", "type", () -> graph.link(A, B, RelationshipType.parse("fixes_everything"))));
      t.add(reject("from null", "from_id", () -> graph.link(null, B, RelationshipType.SOLVES)));
      t.add(reject("to null", "to_id", () -> graph.link(A, null, RelationshipType.SOLVES)));
      for (String bad : TckData.INJECTION_IDS) {
        t.add(reject("from_id " + printable(bad), "from_id", () -> graph.link(bad, B, RelationshipType.SOLVES)));
        t.add(reject("to_id " + printable(bad), "to_id", () -> graph.link(A, bad, RelationshipType.SOLVES)));
        t.add(reject("relationship id " + printable(bad), "id",
            () -> graph.link(Relationship.builder(A, B, RelationshipType.SOLVES).id(bad).build())));
      }
      t.add(reject("strength 1.1", "strength", () -> graph.link(rel().strength(1.1).build())));
      t.add(reject("strength NaN", "strength", () -> graph.link(rel().strength(Double.NaN).build())));
      t.add(reject("confidence -0.1", "confidence", () -> graph.link(rel().confidence(-0.1).build())));
      t.add(reject("context 10001", "context", () -> graph.link(rel().context("c".repeat(10_001)).build())));
      t.add(reject("context NUL", "context", () -> graph.link(rel().context("a\u0000").build())));
      t.add(reject("evidence_count -1", "evidence_count", () -> graph.link(rel().evidenceCount(-1).build())));
      t.add(reject("success_rate 2", "success_rate", () -> graph.link(rel().successRate(2.0).build())));
      t.add(reject("validation_count -1", "validation_count", () -> graph.link(rel().validationCount(-1).build())));
      t.add(reject("counter_evidence_count -1", "counter_evidence_count",
          () -> graph.link(rel().counterEvidenceCount(-1).build())));
      t.add(reject("valid_until before valid_from", "valid_until",
          () -> graph.link(rel().validFrom(TckData.MODERN).validUntil(TckData.EARLY).build())));
      t.add(reject("valid_from year 10000", "valid_from",
          () -> graph.link(rel().validFrom(TckData.MAX.plusSeconds(1)).build())));
      t.add(reject("invalidated_by injection", "invalidated_by",
          () -> graph.link(rel().invalidatedBy("x' OR '1'='1").build())));
      t.add(reject("linkAll(null)", "relationships", () -> graph.linkAll(null)));
      t.add(reject("linkAll([null])", "relationships[]", () -> graph.linkAll(Collections.singletonList(null))));
      t.add(reject("linkAll([valid, null])", "relationships[]",
          () -> graph.linkAll(java.util.Arrays.asList(rel().build(), null))));
      t.add(reject("linkAll([valid, self-loop])", "to_id",
          () -> graph.linkAll(List.of(rel().build(), Relationship.builder(B, B, RelationshipType.CAUSES).build()))));
      return t.stream();
    }

    private Relationship.Builder rel() {
      return Relationship.builder(A, B, RelationshipType.CAUSES);
    }

    @TestFactory
    Stream<DynamicTest> updateRelationshipAndInvalidate() {
      List<DynamicTest> t = new ArrayList<>();
      RelationshipUpdate ok = RelationshipUpdate.builder().strength(0.5).build();
      for (String bad : TckData.INJECTION_IDS) {
        t.add(reject("updateRelationship id " + printable(bad), "id", () -> graph.updateRelationship(bad, ok)));
        t.add(reject("invalidate id " + printable(bad), "id", () -> graph.invalidate(bad)));
        t.add(reject("unlink id " + printable(bad), "id", () -> graph.unlink(bad)));
      }
      t.add(reject("updateRelationship null", "update", () -> graph.updateRelationship(R, null)));
      t.add(reject("strength -0.1", "strength", () -> graph.updateRelationship(R, RelationshipUpdate.builder().strength(-0.1).build())));
      t.add(reject("confidence NaN", "confidence", () -> graph.updateRelationship(R, RelationshipUpdate.builder().confidence(Double.NaN).build())));
      t.add(reject("success_rate 1.1", "success_rate", () -> graph.updateRelationship(R, RelationshipUpdate.builder().successRate(1.1).build())));
      t.add(reject("evidence_count -1", "evidence_count", () -> graph.updateRelationship(R, RelationshipUpdate.builder().evidenceCount(-1).build())));
      t.add(reject("validation_count -1", "validation_count", () -> graph.updateRelationship(R, RelationshipUpdate.builder().validationCount(-1).build())));
      t.add(reject("counter_evidence_count -1", "counter_evidence_count",
          () -> graph.updateRelationship(R, RelationshipUpdate.builder().counterEvidenceCount(-1).build())));
      t.add(reject("context control", "context", () -> graph.updateRelationship(R, RelationshipUpdate.builder().context("\u0003").build())));
      t.add(reject("context 10001", "context", () -> graph.updateRelationship(R, RelationshipUpdate.builder().context("c".repeat(10_001)).build())));
      t.add(reject("last_validated year 10000", "last_validated",
          () -> graph.updateRelationship(R, RelationshipUpdate.builder().lastValidated(TckData.MAX.plusSeconds(1)).build())));
      t.add(reject("invalidate invalidated_by injection", "invalidated_by",
          () -> graph.invalidate(R, null, "'; DROP TABLE relationships;--")));
      t.add(reject("invalidate at year 10000", "at", () -> graph.invalidate(R, TckData.MAX.plusSeconds(1), null)));
      t.add(reject("invalidate at before valid_from", "valid_until",
          () -> graph.invalidate(R, graph.relationship(R).orElseThrow().validFrom().minusSeconds(1), null)));
      return t.stream();
    }

    @TestFactory
    Stream<DynamicTest> queryPaths() {
      List<DynamicTest> t = new ArrayList<>();
      for (String bad : TckData.INJECTION_IDS) {
        t.add(reject("get " + printable(bad), "id", () -> graph.get(bad)));
        t.add(reject("delete " + printable(bad), "id", () -> graph.delete(bad)));
        t.add(reject("relationship " + printable(bad), "id", () -> graph.relationship(bad)));
        t.add(reject("history " + printable(bad), "memory_id", () -> graph.history(bad)));
        t.add(reject("related " + printable(bad), "id", () -> graph.related(bad)));
        t.add(reject("path from " + printable(bad), "from_id", () -> graph.path(bad, B)));
        t.add(reject("path to " + printable(bad), "to_id", () -> graph.path(A, bad)));
      }
      t.add(reject("get null", "id", () -> graph.get(null)));
      t.add(reject("search null", "query", () -> graph.search((SearchQuery) null)));
      t.add(reject("search text 1001 chars", "text", () -> graph.search("w".repeat(1001))));
      t.add(reject("search text punctuation only", "text", () -> graph.search("?!... --- ;;; ()")));
      t.add(reject("search text control", "text", () -> graph.search("abc\u0000def")));
      t.add(reject("search limit 0", "limit", () -> graph.search(SearchQuery.builder().limit(0).build())));
      t.add(reject("search limit 5000", "limit", () -> graph.search(SearchQuery.builder().limit(5000).build())));
      t.add(reject("search offset -1", "offset", () -> graph.search(SearchQuery.builder().offset(-1).build())));
      t.add(reject("search min_importance NaN", "min_importance",
          () -> graph.search(SearchQuery.builder().minImportance(Double.NaN).build())));
      t.add(reject("search min_confidence 1.1", "min_confidence",
          () -> graph.search(SearchQuery.builder().minConfidence(1.1).build())));
      t.add(reject("search null tag", "tags", () -> graph.search(SearchQuery.builder().tags("ok", null).build())));
      t.add(reject("search 101-char tag", "tags", () -> graph.search(SearchQuery.builder().tags("t".repeat(101)).build())));
      t.add(reject("search project_path control", "project_path",
          () -> graph.search(SearchQuery.builder().projectPath("/p\u0000").build())));
      t.add(reject("search created_after year 10000", "created_after",
          () -> graph.search(SearchQuery.builder().createdAfter(TckData.MAX.plusSeconds(1)).build())));
      t.add(reject("traversal depth 0", "max_depth", () -> graph.related(A, TraversalOptions.builder().maxDepth(0).build())));
      t.add(reject("traversal depth -1", "max_depth", () -> graph.related(A, TraversalOptions.builder().maxDepth(-1).build())));
      t.add(reject("traversal limit 0", "limit", () -> graph.related(A, TraversalOptions.builder().limit(0).build())));
      t.add(reject("traversal limit 5000", "limit", () -> graph.related(A, TraversalOptions.builder().limit(5000).build())));
      t.add(reject("traversal options null", "options", () -> graph.related(A, null)));
      t.add(reject("path depth 0", "max_depth", () -> graph.path(A, B, PathOptions.builder().maxDepth(0).build())));
      t.add(reject("path options null", "options", () -> graph.path(A, B, null)));
      t.add(reject("changesSince null", "since", () -> graph.changesSince(null)));
      t.add(reject("recentActivity days 0", "days", () -> graph.recentActivity(new RecentActivityQuery(0, 20, null))));
      t.add(reject("recentActivity limit 0", "limit", () -> graph.recentActivity(new RecentActivityQuery(7, 0, null))));
      t.add(reject("recentActivity null", "query", () -> graph.recentActivity(null)));
      t.add(reject("MemoryType.parse", "type", () -> MemoryType.parse("not_a_type")));
      t.add(reject("MemoryType.parse null", "type", () -> MemoryType.parse(null)));
      t.add(reject("RelationshipType.parse", "type", () -> RelationshipType.parse("FIXES")));
      t.add(reject("Visibility.parse", "context.visibility", () -> Visibility.parse("secret")));
      t.add(reject("Direction.parse", "direction", () -> Direction.parse("sideways")));
      return t.stream();
    }

    @Test
    void depthAboveTheMaximumIsClampedNotRejected() {
      TraversalOptions o = TraversalOptions.builder().maxDepth(1_000_000).build();
      assertThat(o.maxDepth()).isEqualTo(TraversalOptions.MAX_DEPTH).isEqualTo(10);
      assertThat(PathOptions.builder().maxDepth(Integer.MAX_VALUE).build().maxDepth()).isEqualTo(10);
      assertThat(relatedIds(graph.related(A, o))).containsExactly(B);
      assertThat(snapshot(graph)).isEqualTo(baseline);
    }

    @Test
    void allowedWhitespaceInTextIsKept() {
      Memory m = graph.store(valid().content("tab\there\r\nwindows line\nunix line").build());
      assertThat(graph.get(m.id()).orElseThrow().content()).isEqualTo("tab\there\r\nwindows line\nunix line");
    }
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    String shown = s.length() > 30 ? s.substring(0, 30) + "..." : s;
    for (char c : shown.toCharArray()) {
      sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return "[" + sb + "]";
  }

  /** Text search and filters, their order and paging. */
  @Nested
  @DisplayName("Search")
  class Search {

    private Page<Memory> search(String text) {
      return graph.search(text);
    }

    @Test
    void emptyDatabaseGivesAnEmptyPage() {
      Page<Memory> p = search("anything");
      assertThat(p.items()).isEmpty();
      assertThat(p.total()).isZero();
      assertThat(p.nextOffset()).isEmpty();
      Page<Memory> all = graph.search(SearchQuery.builder().build());
      assertThat(all.items()).isEmpty();
      assertThat(all.total()).isZero();
    }

    @Test
    void textMatchesCaseInsensitively() {
      store("ci-1", "Database Connection TIMEOUT");
      store("ci-2", "unrelated entry");
      for (String q : List.of("timeout", "TIMEOUT", "TimeOut", "database connection")) {
        assertThat(ids(search(q).items())).as(q).containsExactly("ci-1");
      }
    }

    @Test
    void unicodeTextMatchesCaseInsensitively() {
      assumeCapability(Capability.UNICODE_CASE_FOLDING);
      graph.store(memory("ÄÖÜ-Prüfung bestanden").id("uc-de").content("GRÖSSE und Übermut").build());
      graph.store(memory("ΕΛΛΗΝΙΚΆ ΚΕΊΜΕΝΑ").id("uc-el").content("Αθήνα").build());
      store("uc-other", "plain ascii");
      assertThat(ids(search("äöü").items())).containsExactly("uc-de");
      assertThat(ids(search("PRÜFUNG").items())).containsExactly("uc-de");
      assertThat(ids(search("übermut").items())).containsExactly("uc-de");
      assertThat(ids(search("grösse").items())).containsExactly("uc-de");
      assertThat(ids(search("ελληνικά").items())).containsExactly("uc-el");
      assertThat(ids(search("Ελληνικά κείμενα").items())).containsExactly("uc-el");
      assertThat(ids(search("ΑΘΉΝΑ").items())).containsExactly("uc-el");
    }

    @Test
    void decomposedLettersStayOneWord() {
      // NFD text (macOS file names, some editors): a combining mark belongs to its letter's word.
      graph.store(memory("A nai\u0308ve approach").id("nfd-1").content("cafe\u0301 au lait").build());
      graph.store(memory("R\u00e9sum\u00e9 parsing").id("nfc-1").content("precomposed text").build());
      store("nfd-other", "plain ascii words");
      assertThat(ids(search("nai\u0308ve").items())).containsExactly("nfd-1");
      assertThat(ids(search("CAFE\u0301").items())).containsExactly("nfd-1");
      assertThat(ids(search("nai\u0308ve cafe\u0301").items())).containsExactly("nfd-1");
      assertThat(ids(search("r\u00e9sum\u00e9").items())).containsExactly("nfc-1");
    }

    @Test
    void multiWordQueriesMatchWordsAnywhereInAnyField() {
      graph.store(memory("Kafka consumer lag").id("mw-1")
          .content("Rebalance storms observed at night.").summary("brokers overloaded")
          .tags("observability").build());
      graph.store(memory("Kafka producer").id("mw-2").content("Idempotent writes.").build());
      graph.store(memory("Night shift").id("mw-3").content("storms outside").build());
      assertThat(ids(search("kafka storms").items())).as("title word + content word").containsExactly("mw-1");
      assertThat(ids(search("storms kafka").items())).as("any order").containsExactly("mw-1");
      assertThat(ids(search("night lag").items())).containsExactly("mw-1");
      assertThat(ids(search("overloaded").items())).as("summary").containsExactly("mw-1");
      assertThat(ids(search("observability").items())).as("tag").containsExactly("mw-1");
      assertThat(ids(search("kafka observability").items())).as("title + tag").containsExactly("mw-1");
      assertThat(ids(search("kafka").items())).containsExactlyInAnyOrder("mw-1", "mw-2");
      assertThat(search("kafka zebra").items()).as("every word must occur").isEmpty();
    }

    @Test
    void pluralsAndStemsAreFound() {
      assumeCapability(Capability.STEMMING);
      graph.store(memory("Flaky network").id("st-1").content("The client retries three times.").build());
      graph.store(memory("Backoff").id("st-2").content("Retrying with jitter helps.").build());
      graph.store(memory("Policy").id("st-3").content("Each retry is logged; connection timeouts too.").build());
      store("st-4", "unrelated");
      assertThat(ids(search("retry").items())).containsExactlyInAnyOrder("st-1", "st-2", "st-3");
      assertThat(ids(search("retries").items())).containsExactlyInAnyOrder("st-1", "st-2", "st-3");
      assertThat(ids(search("retrying").items())).containsExactlyInAnyOrder("st-1", "st-2", "st-3");
      assertThat(ids(search("timeout").items())).containsExactly("st-3");
    }

    @Test
    void typeFilter() {
      store("tf-1", MemoryType.PROBLEM, "p one");
      store("tf-2", MemoryType.SOLUTION, "s two");
      store("tf-3", MemoryType.ERROR, "e three");
      assertThat(ids(graph.search(SearchQuery.builder().types(MemoryType.PROBLEM).build()).items()))
          .containsExactly("tf-1");
      assertThat(ids(graph.search(SearchQuery.builder().types(MemoryType.PROBLEM, MemoryType.ERROR).build()).items()))
          .containsExactlyInAnyOrder("tf-1", "tf-3");
      assertThat(graph.search(SearchQuery.builder().types(MemoryType.TASK).build()).total()).isZero();
    }

    @Test
    void tagFilterIsExactAndAnyOf() {
      graph.store(memory("java one").id("tg-1").tags("java", "spring").build());
      graph.store(memory("js two").id("tg-2").tags("javascript").build());
      graph.store(memory("go three").id("tg-3").tags("Go").build());
      graph.store(memory("none four").id("tg-4").build());
      assertThat(ids(graph.search(SearchQuery.builder().tags("java").build()).items()))
          .as("exact, not prefix").containsExactly("tg-1");
      assertThat(ids(graph.search(SearchQuery.builder().tags("JAVA", "go").build()).items()))
          .as("any of, normalised").containsExactlyInAnyOrder("tg-1", "tg-3");
      assertThat(graph.search(SearchQuery.builder().tags("jav").build()).total()).isZero();
    }

    @Test
    void projectPathFilterIsExact() {
      graph.store(memory("in a").id("pp-1").context(MemoryContext.builder().projectPath("/work/a").build()).build());
      graph.store(memory("in ab").id("pp-2").context(MemoryContext.builder().projectPath("/work/ab").build()).build());
      graph.store(memory("in a sub").id("pp-3").context(MemoryContext.builder().projectPath("/work/a/sub").build()).build());
      graph.store(memory("nowhere").id("pp-4").build());
      assertThat(ids(graph.search(SearchQuery.builder().projectPath("/work/a").build()).items())).containsExactly("pp-1");
      assertThat(graph.search(SearchQuery.builder().projectPath("/work").build()).total()).isZero();
    }

    @Test
    void minImportanceAndMinConfidenceAreInclusive() {
      graph.store(memory("low").id("mi-1").importance(0.2).confidence(0.9).build());
      graph.store(memory("edge").id("mi-2").importance(0.7).confidence(0.7).build());
      graph.store(memory("high").id("mi-3").importance(0.95).confidence(0.1).build());
      assertThat(ids(graph.search(SearchQuery.builder().minImportance(0.7).build()).items()))
          .containsExactly("mi-3", "mi-2");
      assertThat(ids(graph.search(SearchQuery.builder().minConfidence(0.7).build()).items()))
          .containsExactlyInAnyOrder("mi-1", "mi-2");
      assertThat(ids(graph.search(SearchQuery.builder().minImportance(0.7).minConfidence(0.7).build()).items()))
          .containsExactly("mi-2");
      assertThat(graph.search(SearchQuery.builder().minImportance(1.0).build()).total()).isZero();
    }

    @Test
    void createdAfterAndBeforeAreStrict() {
      Instant t1 = Instant.parse("2020-01-01T00:00:00Z");
      Instant t2 = Instant.parse("2021-01-01T00:00:00Z");
      Instant t3 = Instant.parse("2022-01-01T00:00:00Z");
      graph.store(memory("one").id("ca-1").createdAt(t1).build());
      graph.store(memory("two").id("ca-2").createdAt(t2).build());
      graph.store(memory("three").id("ca-3").createdAt(t3).build());
      graph.store(memory("pre-epoch").id("ca-0").createdAt(TckData.PRE_EPOCH).build());
      assertThat(ids(graph.search(SearchQuery.builder().createdAfter(t1).build()).items()))
          .containsExactlyInAnyOrder("ca-2", "ca-3");
      assertThat(ids(graph.search(SearchQuery.builder().createdBefore(t2).build()).items()))
          .containsExactlyInAnyOrder("ca-0", "ca-1");
      assertThat(ids(graph.search(SearchQuery.builder().createdAfter(t1).createdBefore(t3).build()).items()))
          .containsExactly("ca-2");
      assertThat(ids(graph.search(SearchQuery.builder().createdBefore(Instant.EPOCH).build()).items()))
          .containsExactly("ca-0");
    }

    @Test
    void relationshipTypeFilterUsesCurrentEdgesInEitherDirection() {
      store("rtf-1", "source");
      store("rtf-2", "target");
      store("rtf-3", "other");
      store("rtf-4", "lonely");
      link("rtf-r1", "rtf-1", "rtf-2", RelationshipType.SOLVES);
      link("rtf-r2", "rtf-3", "rtf-4", RelationshipType.SOLVES);
      graph.invalidate("rtf-r2");
      link("rtf-r3", "rtf-3", "rtf-1", RelationshipType.CAUSES);
      assertThat(ids(graph.search(SearchQuery.builder().relationshipTypes(RelationshipType.SOLVES).build()).items()))
          .containsExactlyInAnyOrder("rtf-1", "rtf-2");
      assertThat(ids(graph.search(SearchQuery.builder().relationshipTypes(RelationshipType.CAUSES).build()).items()))
          .containsExactlyInAnyOrder("rtf-1", "rtf-3");
      assertThat(ids(graph.search(SearchQuery.builder()
          .relationshipTypes(RelationshipType.SOLVES, RelationshipType.CAUSES).build()).items()))
          .containsExactlyInAnyOrder("rtf-1", "rtf-2", "rtf-3");
      assertThat(graph.search(SearchQuery.builder().relationshipTypes(RelationshipType.BLOCKS).build()).total()).isZero();
    }

    @Test
    void filtersAreAndedTogetherAndWithText() {
      Instant t = Instant.parse("2023-06-01T00:00:00Z");
      MemoryContext ctx = MemoryContext.builder().projectPath("/proj").build();
      graph.store(memory("Cache invalidation bug").id("and-1").type(MemoryType.PROBLEM).tags("cache")
          .importance(0.9).confidence(0.9).createdAt(t).context(ctx).build());
      graph.store(memory("Cache invalidation bug").id("and-2").type(MemoryType.SOLUTION).tags("cache")
          .importance(0.9).confidence(0.9).createdAt(t).context(ctx).build());
      graph.store(memory("Cache invalidation bug").id("and-3").type(MemoryType.PROBLEM).tags("other")
          .importance(0.9).confidence(0.9).createdAt(t).context(ctx).build());
      graph.store(memory("Cache invalidation bug").id("and-4").type(MemoryType.PROBLEM).tags("cache")
          .importance(0.1).confidence(0.9).createdAt(t).context(ctx).build());
      graph.store(memory("Cache invalidation bug").id("and-5").type(MemoryType.PROBLEM).tags("cache")
          .importance(0.9).confidence(0.9).createdAt(t).build());
      graph.store(memory("Cache invalidation bug").id("and-6").type(MemoryType.PROBLEM).tags("cache")
          .importance(0.9).confidence(0.2).createdAt(t).context(ctx).build());
      graph.store(memory("Cache invalidation bug").id("and-7").type(MemoryType.PROBLEM).tags("cache")
          .importance(0.9).confidence(0.9).createdAt(TckData.EARLY).context(ctx).build());
      graph.store(memory("Totally different").id("and-8").type(MemoryType.PROBLEM).tags("cache")
          .importance(0.9).confidence(0.9).createdAt(t).context(ctx).build());
      store("and-x", "bystander");
      link("and-r", "and-x", "and-1", RelationshipType.SOLVES);
      for (String id : List.of("and-2", "and-3", "and-4", "and-5", "and-6", "and-7", "and-8")) {
        link("and-r-" + id, "and-x", id, RelationshipType.SOLVES);
      }
      store("and-y", "bystander two");
      link("and-r-extra", "and-y", "and-1", RelationshipType.CAUSES);
      SearchQuery q = SearchQuery.builder().text("cache bug").types(MemoryType.PROBLEM).tags("cache")
          .projectPath("/proj").minImportance(0.5).minConfidence(0.5)
          .createdAfter(Instant.parse("2000-01-01T00:00:00Z")).createdBefore(Instant.parse("2030-01-01T00:00:00Z"))
          .relationshipTypes(RelationshipType.SOLVES).build();
      Page<Memory> p = graph.search(q);
      assertThat(ids(p.items())).containsExactly("and-1");
      assertThat(p.total()).isEqualTo(1);
      Page<Memory> noText = graph.search(q.toBuilder().text(null).build());
      assertThat(ids(noText.items())).as("without text and-8 passes every filter").containsExactly("and-1", "and-8");
      Page<Memory> causes = graph.search(q.toBuilder().relationshipTypes(Set.of(RelationshipType.CAUSES)).build());
      assertThat(ids(causes.items())).containsExactly("and-1");
    }

    @Test
    void withoutTextTheOrderIsImportanceThenNewestThenId() {
      Instant older = Instant.parse("2020-01-01T00:00:00Z");
      Instant newer = Instant.parse("2024-01-01T00:00:00Z");
      graph.store(memory("m").id("ord-e").importance(0.5).createdAt(newer).build());
      graph.store(memory("m").id("ord-c").importance(0.5).createdAt(older).build());
      graph.store(memory("m").id("ord-a").importance(0.5).createdAt(older).build());
      graph.store(memory("m").id("ord-b").importance(0.9).createdAt(older).build());
      graph.store(memory("m").id("ord-d").importance(0.1).createdAt(newer).build());
      graph.store(memory("m").id("ord-f").importance(0.5).createdAt(newer).build());
      List<String> expected = List.of("ord-b", "ord-e", "ord-f", "ord-a", "ord-c", "ord-d");
      assertThat(ids(graph.search(SearchQuery.builder().build()).items())).containsExactlyElementsOf(expected);
    }

    @Test
    void equalRelevanceIsBrokenById() {
      for (String id : List.of("tie-c", "tie-a", "tie-d", "tie-b")) {
        graph.store(memory("Identical widget").id(id).content("identical body text").build());
      }
      store("tie-z", "no match here");
      assertThat(ids(search("widget").items())).containsExactly("tie-a", "tie-b", "tie-c", "tie-d");
    }

    @Test
    void betterMatchesRankFirst() {
      assumeCapability(Capability.RELEVANCE_RANKING);
      String filler = IntStream.range(0, 400).mapToObj(i -> "lorem ipsum dolor sit amet " + i)
          .collect(Collectors.joining(" "));
      graph.store(memory("Notes").id("rel-weak").content(filler + " deadlock " + filler).build());
      graph.store(memory("Deadlock in scheduler").id("rel-strong")
          .content("Deadlock deadlock: the scheduler deadlock appears when two deadlock-prone locks...").build());
      graph.store(memory("Other").id("rel-none").content(filler).build());
      List<String> found = ids(search("deadlock").items());
      assertThat(found).containsExactly("rel-strong", "rel-weak");
    }

    @Test
    void pagingWithOffsetAndLimitIsStableAndComplete() {
      for (int i = 0; i < 7; i++) {
        graph.store(memory("Pager item " + i).id("pg-" + i).importance(i % 2 == 0 ? 0.5 : 0.8)
            .createdAt(TckData.MODERN).build());
      }
      store("pg-other", "unrelated");
      for (SearchQuery base : List.of(SearchQuery.builder().text("pager").build(), SearchQuery.builder().build())) {
        Page<Memory> full = graph.search(base.toBuilder().limit(100).build());
        long total = full.total();
        assertThat(full.items()).hasSize((int) total);
        List<String> paged = new ArrayList<>();
        int offset = 0;
        List<Integer> nexts = new ArrayList<>();
        while (true) {
          Page<Memory> p = graph.search(base.toBuilder().limit(3).offset(offset).build());
          assertThat(p.total()).isEqualTo(total);
          assertThat(p.offset()).isEqualTo(offset);
          assertThat(p.limit()).isEqualTo(3);
          assertThat(p.items().size()).isLessThanOrEqualTo(3);
          paged.addAll(ids(p.items()));
          if (p.nextOffset().isEmpty()) {
            break;
          }
          offset = p.nextOffset().getAsInt();
          nexts.add(offset);
        }
        assertThat(paged).containsExactlyElementsOf(ids(full.items()));
        assertThat(nexts).containsExactly(3, 6);
      }
      Page<Memory> beyond = graph.search(SearchQuery.builder().text("pager").offset(50).build());
      assertThat(beyond.items()).isEmpty();
      assertThat(beyond.total()).isEqualTo(7);
      assertThat(beyond.nextOffset()).isEmpty();
      Page<Memory> first = graph.search(SearchQuery.builder().text("pager").limit(2).build());
      assertThat(first.items()).hasSize(2);
      assertThat(first.nextOffset()).hasValue(2);
    }

    @Test
    void defaultLimitIsFifty() {
      List<Memory> many = IntStream.range(0, 60).mapToObj(i -> memory("bulk " + i).build()).collect(Collectors.toList());
      graph.storeAll(many);
      Page<Memory> p = graph.search(SearchQuery.builder().build());
      assertThat(p.items()).hasSize(SearchQuery.DEFAULT_LIMIT);
      assertThat(p.total()).isEqualTo(60);
      assertThat(p.nextOffset()).hasValue(50);
    }

    @Test
    void injectionStringsAreSearchableAndHarmless() {
      int i = 0;
      for (String s : TckData.INJECTIONS) {
        graph.store(memory("holder " + i).id("sq-" + i).content("zebraword " + s).build());
        i++;
      }
      store("sq-bystander", "bystander");
      Snapshot before = snapshot(graph);
      assertThat(search("zebraword").total()).isEqualTo(TckData.INJECTIONS.size());
      for (int k = 0; k < TckData.INJECTIONS.size(); k++) {
        String s = TckData.INJECTIONS.get(k);
        Page<Memory> p = search(s + " zebraword");
        assertThat(ids(p.items())).as("search for " + s).contains("sq-" + k);
      }
      assertThat(ids(search("'); DROP TABLE memories;--").items())).contains("sq-0");
      assertThat(ids(search("\"}) MATCH (n) DETACH DELETE n //").items())).contains("sq-2");
      assertThat(graph.search(SearchQuery.builder().tags("'); drop table memories;--").build()).total()).isZero();
      assertThat(graph.search(SearchQuery.builder().projectPath("\" OR 1=1 --").build()).total()).isZero();
      assertThat(snapshot(graph)).isEqualTo(before);
    }

    @Test
    void theIndexFollowsUpsertsUpdatesAndDeletes() {
      Memory m = graph.store(memory("Quokka habitat").id("ix-1").content("islands").summary("marsupial").tags("fauna").build());
      assertThat(search("quokka").items()).containsExactly(m);
      graph.store(memory("Wombat burrow").id("ix-1").content("tunnels").build());
      assertThat(search("quokka").items()).as("old title gone after upsert").isEmpty();
      assertThat(search("marsupial").items()).as("old summary gone after upsert").isEmpty();
      assertThat(search("fauna").items()).as("old tag gone after upsert").isEmpty();
      assertThat(ids(search("wombat tunnels").items())).containsExactly("ix-1");
      graph.update("ix-1", MemoryUpdate.builder().title("Platypus").tags(List.of("monotreme")).summary("venomous spur").build());
      assertThat(search("wombat").items()).as("old title gone after update").isEmpty();
      assertThat(ids(search("platypus tunnels").items())).containsExactly("ix-1");
      assertThat(ids(search("monotreme").items())).containsExactly("ix-1");
      assertThat(ids(search("venomous").items())).containsExactly("ix-1");
      assertThat(search("platypus").items()).containsExactly(graph.get("ix-1").orElseThrow());
      graph.update("ix-1", MemoryUpdate.builder().summary("").build());
      assertThat(search("venomous").items()).as("cleared summary gone").isEmpty();
      assertThat(graph.delete("ix-1")).isTrue();
      Page<Memory> gone = search("platypus");
      assertThat(gone.items()).isEmpty();
      assertThat(gone.total()).isZero();
      graph.storeAll(List.of(memory("Echidna").id("ix-2").build(), memory("Echidna spines").id("ix-3").build()));
      assertThat(ids(search("echidna").items())).containsExactlyInAnyOrder("ix-2", "ix-3");
    }

    @Test
    void resultsAreTheStoredMemories() {
      Memory full = graph.store(memory("Complete record").id("sr-1").summary("sum").tags("x", "y")
          .context(TckData.fullContext()).effectiveness(0.4).usageCount(3).lastAccessed(TckData.PRE_EPOCH)
          .updatedBy("me").build());
      assertThat(search("complete").items()).containsExactly(full);
      assertThat(graph.search(SearchQuery.builder().tags("y").build()).items()).containsExactly(full);
    }

    @Test
    void limitBoundariesAreAccepted() {
      store("lb-1", "boundary one");
      store("lb-2", "boundary two");
      Page<Memory> one = graph.search(SearchQuery.builder().text("boundary").limit(1).build());
      assertThat(one.items()).hasSize(1);
      assertThat(one.total()).isEqualTo(2);
      assertThat(one.nextOffset()).hasValue(1);
      Page<Memory> max = graph.search(SearchQuery.builder().limit(SearchQuery.MAX_LIMIT).build());
      assertThat(max.items()).hasSize(2);
      assertThat(max.nextOffset()).isEmpty();
    }

    @Test
    void injectionTagsAndPathsFilterExactly() {
      graph.store(memory("tagged").id("it-1").tags("$param", "{x}", "`tick`", "c:\\temp\\new", "' or ''='")
          .context(MemoryContext.builder().projectPath("C:\\temp\\new").build()).build());
      store("it-2", "plain");
      for (String tag : List.of("$param", "{x}", "`tick`", "c:\\temp\\new", "' or ''='")) {
        assertThat(ids(graph.search(SearchQuery.builder().tags(tag).build()).items())).as(tag).containsExactly("it-1");
      }
      assertThat(ids(graph.search(SearchQuery.builder().projectPath("C:\\temp\\new").build()).items()))
          .containsExactly("it-1");
      assertThat(graph.search(SearchQuery.builder().projectPath("C:\\temp\\ne_").build()).total()).isZero();
      assertThat(graph.search(SearchQuery.builder().projectPath("C:%").build()).total()).isZero();
    }
  }

  /** Graph traversal from one memory. */
  @Nested
  @DisplayName("Traversal")
  class Traversal {

    /*
     * a -SOLVES-> b -CAUSES-> c -DEPENDS_ON-> d
     * e -RELATED_TO-> a
     * a -FOLLOWS-> g -FOLLOWS-> c      (diamond: c is at depth 2 via b or g)
     * x isolated
     */
    @BeforeEach
    void fixture() {
      for (String id : List.of("tv-a", "tv-b", "tv-c", "tv-d", "tv-e", "tv-g", "tv-x")) {
        store(id, "node " + id);
      }
      link("tv-ab", "tv-a", "tv-b", RelationshipType.SOLVES);
      link("tv-bc", "tv-b", "tv-c", RelationshipType.CAUSES);
      link("tv-cd", "tv-c", "tv-d", RelationshipType.DEPENDS_ON);
      link("tv-ea", "tv-e", "tv-a", RelationshipType.RELATED_TO);
      link("tv-ag", "tv-a", "tv-g", RelationshipType.FOLLOWS);
      link("tv-gc", "tv-g", "tv-c", RelationshipType.FOLLOWS);
    }

    private List<RelatedMemory> related(String id, int depth, Direction d) {
      return graph.related(id, TraversalOptions.builder().maxDepth(depth).direction(d).build());
    }

    private void assertWellFormed(String start, List<RelatedMemory> rs) {
      assertThat(rs).isSortedAccordingTo(Comparator.comparingInt(RelatedMemory::depth)
          .thenComparing(r -> r.memory().id()));
      assertThat(relatedIds(rs)).doesNotHaveDuplicates().doesNotContain(start);
      Map<String, Integer> depthOf = new HashMap<>();
      depthOf.put(start, 0);
      for (RelatedMemory r : rs) {
        depthOf.put(r.memory().id(), r.depth());
      }
      for (RelatedMemory r : rs) {
        assertThat(r.depth()).isGreaterThanOrEqualTo(1);
        Relationship e = r.relationship();
        assertThat(List.of(e.fromId(), e.toId())).contains(r.memory().id());
        String prev = r.previousId();
        assertThat(depthOf.get(prev)).as("edge %s reaches %s from a memory at depth %d", e.id(), r.memory().id(), r.depth() - 1)
            .isEqualTo(r.depth() - 1);
        if (r.direction() == Direction.OUTGOING) {
          assertThat(e.fromId()).isEqualTo(prev);
          assertThat(e.toId()).isEqualTo(r.memory().id());
        } else {
          assertThat(r.direction()).isEqualTo(Direction.INCOMING);
          assertThat(e.toId()).isEqualTo(prev);
          assertThat(e.fromId()).isEqualTo(r.memory().id());
        }
        assertThat(graph.relationship(e.id())).contains(e);
        assertThat(graph.get(r.memory().id())).contains(r.memory());
      }
    }

    @Test
    void defaultIsDepthOneBothDirections() {
      List<RelatedMemory> rs = graph.related("tv-a");
      assertWellFormed("tv-a", rs);
      assertThat(relatedIds(rs)).containsExactly("tv-b", "tv-e", "tv-g");
      assertThat(rs).allSatisfy(r -> assertThat(r.depth()).isEqualTo(1));
      Map<String, Direction> dirs = rs.stream().collect(Collectors.toMap(r -> r.memory().id(), RelatedMemory::direction));
      assertThat(dirs).containsEntry("tv-b", Direction.OUTGOING).containsEntry("tv-e", Direction.INCOMING)
          .containsEntry("tv-g", Direction.OUTGOING);
    }

    @Test
    void depthsOneToThree() {
      assertThat(relatedIds(related("tv-a", 1, Direction.BOTH))).containsExactly("tv-b", "tv-e", "tv-g");
      List<RelatedMemory> two = related("tv-a", 2, Direction.BOTH);
      assertWellFormed("tv-a", two);
      assertThat(relatedIds(two)).containsExactly("tv-b", "tv-e", "tv-g", "tv-c");
      List<RelatedMemory> three = related("tv-a", 3, Direction.BOTH);
      assertWellFormed("tv-a", three);
      assertThat(relatedIds(three)).containsExactly("tv-b", "tv-e", "tv-g", "tv-c", "tv-d");
      assertThat(three).extracting(RelatedMemory::depth).containsExactly(1, 1, 1, 2, 3);
      RelatedMemory c = three.get(3);
      assertThat(c.relationship().id()).as("c is reached from b or g").isIn("tv-bc", "tv-gc");
    }

    @Test
    void outgoingFollowsOnlyEdgesLeavingEachMemory() {
      List<RelatedMemory> rs = related("tv-a", 3, Direction.OUTGOING);
      assertWellFormed("tv-a", rs);
      assertThat(relatedIds(rs)).containsExactly("tv-b", "tv-g", "tv-c", "tv-d");
      assertThat(rs).allSatisfy(r -> assertThat(r.direction()).isEqualTo(Direction.OUTGOING));
    }

    @Test
    void incomingFollowsOnlyEdgesArrivingAtEachMemory() {
      List<RelatedMemory> rs = related("tv-c", 3, Direction.INCOMING);
      assertWellFormed("tv-c", rs);
      assertThat(relatedIds(rs)).containsExactly("tv-b", "tv-g", "tv-a", "tv-e");
      assertThat(rs).extracting(RelatedMemory::depth).containsExactly(1, 1, 2, 3);
      assertThat(rs).allSatisfy(r -> assertThat(r.direction()).isEqualTo(Direction.INCOMING));
      assertThat(related("tv-e", 3, Direction.INCOMING)).isEmpty();
    }

    @Test
    void bothReportsTheTrueEdgeDirection() {
      List<RelatedMemory> rs = related("tv-c", 1, Direction.BOTH);
      assertWellFormed("tv-c", rs);
      Map<String, Direction> dirs = rs.stream().collect(Collectors.toMap(r -> r.memory().id(), RelatedMemory::direction));
      assertThat(dirs).containsOnly(Map.entry("tv-b", Direction.INCOMING), Map.entry("tv-g", Direction.INCOMING),
          Map.entry("tv-d", Direction.OUTGOING));
    }

    @Test
    void typeFilter() {
      List<RelatedMemory> rs = graph.related("tv-a", TraversalOptions.builder().maxDepth(3)
          .types(RelationshipType.SOLVES, RelationshipType.CAUSES).build());
      assertWellFormed("tv-a", rs);
      assertThat(relatedIds(rs)).containsExactly("tv-b", "tv-c");
      assertThat(rs.get(1).relationship().id()).isEqualTo("tv-bc");
      assertThat(relatedIds(graph.related("tv-a", TraversalOptions.builder().maxDepth(3)
          .types(RelationshipType.FOLLOWS).build()))).containsExactly("tv-g", "tv-c");
      assertThat(graph.related("tv-a", TraversalOptions.builder().types(RelationshipType.BLOCKS).build())).isEmpty();
    }

    @Test
    void limitKeepsTheFirstResultsInOrder() {
      List<RelatedMemory> all = related("tv-a", 3, Direction.BOTH);
      List<RelatedMemory> two = graph.related("tv-a", TraversalOptions.builder().maxDepth(3).limit(2).build());
      assertThat(relatedIds(two)).containsExactlyElementsOf(relatedIds(all).subList(0, 2));
      List<RelatedMemory> four = graph.related("tv-a", TraversalOptions.builder().maxDepth(3).limit(4).build());
      assertThat(relatedIds(four)).containsExactlyElementsOf(relatedIds(all).subList(0, 4));
    }

    @Test
    void depthIsClampedToTen() {
      for (int i = 0; i < 12; i++) {
        store(String.format("ch-%02d", i), "chain " + i);
      }
      for (int i = 0; i < 11; i++) {
        link(String.format("ch-r%02d", i), String.format("ch-%02d", i), String.format("ch-%02d", i + 1),
            RelationshipType.LEADS_TO);
      }
      List<RelatedMemory> rs = graph.related("ch-00", TraversalOptions.builder().maxDepth(1_000_000).build());
      assertWellFormed("ch-00", rs);
      assertThat(rs).hasSize(10);
      assertThat(relatedIds(rs)).endsWith("ch-10").doesNotContain("ch-11");
      assertThat(rs.get(9).depth()).isEqualTo(10);
      assertThat(graph.related("ch-00", TraversalOptions.builder().maxDepth(4).build())).hasSize(4);
    }

    @Test
    void cyclesDoNotRepeatMemoriesOrReportTheStart() {
      link("tv-ba", "tv-b", "tv-a", RelationshipType.RELATED_TO);
      link("tv-ca", "tv-c", "tv-a", RelationshipType.LEADS_TO);
      List<RelatedMemory> rs = related("tv-a", 5, Direction.BOTH);
      assertWellFormed("tv-a", rs);
      assertThat(relatedIds(rs)).containsExactly("tv-b", "tv-c", "tv-e", "tv-g", "tv-d");
      assertThat(rs).extracting(RelatedMemory::depth).containsExactly(1, 1, 1, 1, 2);
    }

    @Test
    void invalidatedEdgesAreNotFollowedByDefault() {
      graph.invalidate("tv-ab");
      List<RelatedMemory> rs = related("tv-a", 3, Direction.BOTH);
      assertWellFormed("tv-a", rs);
      assertThat(relatedIds(rs)).containsExactly("tv-e", "tv-g", "tv-c", "tv-b", "tv-d");
      assertThat(rs).filteredOn(r -> r.memory().id().equals("tv-b")).singleElement()
          .satisfies(r -> {
            assertThat(r.depth()).isEqualTo(3);
            assertThat(r.relationship().id()).isEqualTo("tv-bc");
          });
      assertThat(rs).extracting(r -> r.relationship().id()).doesNotContain("tv-ab");
    }

    @Test
    void asOfSeesTheEdgesValidThen() {
      assumeCapability(Capability.TEMPORAL_QUERIES);
      store("as-p", "past");
      store("as-q", "partner");
      Instant from = Instant.parse("2020-01-01T00:00:00Z");
      Instant until = Instant.parse("2021-01-01T00:00:00Z");
      graph.link(Relationship.builder("as-p", "as-q", RelationshipType.DEPENDS_ON).id("as-r")
          .validFrom(from).createdAt(from).recordedAt(from).build());
      graph.invalidate("as-r", until, null);
      assertThat(graph.related("as-p")).as("current edges only").isEmpty();
      List<RelatedMemory> during = graph.related("as-p", TraversalOptions.builder()
          .asOf(Instant.parse("2020-06-01T00:00:00Z")).build());
      assertThat(relatedIds(during)).containsExactly("as-q");
      assertThat(during.get(0).relationship().validUntil()).isEqualTo(until);
      assertThat(graph.related("as-p", TraversalOptions.builder().asOf(from).build())).as("validFrom inclusive").hasSize(1);
      assertThat(graph.related("as-p", TraversalOptions.builder().asOf(until).build())).as("validUntil exclusive").isEmpty();
      assertThat(graph.related("as-p", TraversalOptions.builder().asOf(Instant.parse("2019-01-01T00:00:00Z")).build()))
          .as("before validFrom").isEmpty();
      assertThat(graph.related("as-p", TraversalOptions.builder().asOf(Instant.parse("2022-01-01T00:00:00Z")).build()))
          .as("after invalidation").isEmpty();
    }

    @Test
    void missingStartGivesAnEmptyListAndIsolatedMemoryHasNoNeighbours() {
      assertThat(graph.related("tv-missing", TraversalOptions.builder().maxDepth(3).build())).isEmpty();
      assertThat(graph.related("tv-x", TraversalOptions.builder().maxDepth(3).build())).isEmpty();
    }
  }

  /** Shortest paths between two memories. */
  @Nested
  @DisplayName("Paths")
  class Paths {

    /*
     * p1 -FOLLOWS-> p2 -FOLLOWS-> p3 -FOLLOWS-> p4
     * p1 -CAUSES-> p5 -CAUSES-> p4
     * p6 isolated
     */
    @BeforeEach
    void fixture() {
      for (int i = 1; i <= 6; i++) {
        store("p" + i, "path node " + i);
      }
      link("p12", "p1", "p2", RelationshipType.FOLLOWS);
      link("p23", "p2", "p3", RelationshipType.FOLLOWS);
      link("p34", "p3", "p4", RelationshipType.FOLLOWS);
      link("p15", "p1", "p5", RelationshipType.CAUSES);
      link("p54", "p5", "p4", RelationshipType.CAUSES);
    }

    private void assertConnected(MemoryPath path, String from, String to) {
      assertThat(path.memories().get(0).id()).isEqualTo(from);
      assertThat(path.memories().get(path.memories().size() - 1).id()).isEqualTo(to);
      for (int i = 0; i < path.length(); i++) {
        Relationship r = path.relationships().get(i);
        assertThat(Set.of(r.fromId(), r.toId()))
            .isEqualTo(Set.of(path.memories().get(i).id(), path.memories().get(i + 1).id()));
        assertThat(graph.relationship(r.id())).contains(r);
      }
      for (Memory m : path.memories()) {
        assertThat(graph.get(m.id())).contains(m);
      }
    }

    @Test
    void shortestPathIsFound() {
      MemoryPath path = graph.path("p1", "p4").orElseThrow();
      assertConnected(path, "p1", "p4");
      assertThat(path.length()).isEqualTo(2);
      assertThat(ids(path.memories())).containsExactly("p1", "p5", "p4");
      assertThat(path.relationships()).extracting(Relationship::id).containsExactly("p15", "p54");
      MemoryPath one = graph.path("p2", "p3").orElseThrow();
      assertThat(one.length()).isEqualTo(1);
      assertThat(one.relationships().get(0).id()).isEqualTo("p23");
    }

    @Test
    void directionLimitsThePath() {
      PathOptions out = PathOptions.builder().direction(Direction.OUTGOING).build();
      PathOptions in = PathOptions.builder().direction(Direction.INCOMING).build();
      assertThat(graph.path("p1", "p4", out)).hasValueSatisfying(p -> assertThat(p.length()).isEqualTo(2));
      assertThat(graph.path("p4", "p1", out)).as("against the edges").isEmpty();
      MemoryPath back = graph.path("p4", "p1", in).orElseThrow();
      assertConnected(back, "p4", "p1");
      assertThat(ids(back.memories())).containsExactly("p4", "p5", "p1");
      assertThat(graph.path("p1", "p4", in)).isEmpty();
      MemoryPath both = graph.path("p4", "p1").orElseThrow();
      assertThat(both.length()).isEqualTo(2);
      MemoryPath mixed = graph.path("p2", "p5").orElseThrow();
      assertConnected(mixed, "p2", "p5");
      assertThat(ids(mixed.memories())).containsExactly("p2", "p1", "p5");
      assertThat(graph.path("p2", "p5", out)).isEmpty();
    }

    @Test
    void typeFilterLimitsThePath() {
      MemoryPath follows = graph.path("p1", "p4", PathOptions.builder().types(RelationshipType.FOLLOWS).build()).orElseThrow();
      assertConnected(follows, "p1", "p4");
      assertThat(follows.length()).isEqualTo(3);
      assertThat(ids(follows.memories())).containsExactly("p1", "p2", "p3", "p4");
      assertThat(graph.path("p1", "p4", PathOptions.builder().types(RelationshipType.BLOCKS).build())).isEmpty();
    }

    @Test
    void maxDepthIsRespected() {
      assertThat(graph.path("p1", "p4", PathOptions.builder().maxDepth(1).build())).isEmpty();
      assertThat(graph.path("p1", "p4", PathOptions.builder().maxDepth(2).build())).isPresent();
      assertThat(graph.path("p1", "p4", PathOptions.builder().maxDepth(2).types(RelationshipType.FOLLOWS).build()))
          .isEmpty();
      assertThat(graph.path("p1", "p4", PathOptions.builder().maxDepth(3).types(RelationshipType.FOLLOWS).build()))
          .isPresent();
    }

    @Test
    void noPathGivesEmpty() {
      assertThat(graph.path("p1", "p6")).isEmpty();
      assertThat(graph.path("p6", "p1")).isEmpty();
      assertThat(graph.path("p1", "missing")).isEmpty();
    }

    @Test
    void invalidatedEdgesAreNotUsedButAsOfUsesThem() {
      Instant past = Instant.parse("2020-01-01T00:00:00Z");
      store("pv-a", "a");
      store("pv-b", "b");
      graph.link(Relationship.builder("pv-a", "pv-b", RelationshipType.CAUSES).id("pv-r")
          .validFrom(past).createdAt(past).recordedAt(past).build());
      assertThat(graph.path("pv-a", "pv-b")).isPresent();
      graph.invalidate("pv-r", Instant.parse("2021-01-01T00:00:00Z"), null);
      assertThat(graph.path("pv-a", "pv-b")).isEmpty();
      assumeCapability(Capability.TEMPORAL_QUERIES);
      assertThat(graph.path("pv-a", "pv-b", PathOptions.builder().asOf(Instant.parse("2020-06-01T00:00:00Z")).build()))
          .hasValueSatisfying(p -> assertThat(p.relationships()).extracting(Relationship::id).containsExactly("pv-r"));
    }
  }

  /** Bi-temporal history: invalidation, relationship history and changes since an instant. */
  @Nested
  @DisplayName("History")
  class History {

    @Test
    void historyListsEveryIncidentEdgeInOrder() {
      store("h-x", "x");
      store("h-y", "y");
      store("h-z", "z");
      Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
      Instant t1 = Instant.parse("2021-01-01T00:00:00Z");
      Instant t2 = Instant.parse("2022-01-01T00:00:00Z");
      Instant rA = Instant.parse("2023-01-01T00:00:00Z");
      Instant rB = Instant.parse("2023-06-01T00:00:00Z");
      graph.linkAll(List.of(
          Relationship.builder("h-x", "h-y", RelationshipType.SOLVES).id("h-5").validFrom(t2).recordedAt(rA).build(),
          Relationship.builder("h-y", "h-x", RelationshipType.CAUSES).id("h-4").validFrom(t1).recordedAt(rB).build(),
          Relationship.builder("h-x", "h-z", RelationshipType.CAUSES).id("h-3").validFrom(t1).recordedAt(rA).build(),
          Relationship.builder("h-z", "h-x", RelationshipType.BLOCKS).id("h-2").validFrom(t1).recordedAt(rA).build(),
          Relationship.builder("h-x", "h-y", RelationshipType.FOLLOWS).id("h-1").validFrom(t0).recordedAt(rB).build(),
          Relationship.builder("h-y", "h-z", RelationshipType.FOLLOWS).id("h-other").validFrom(t0).build()));
      graph.invalidate("h-1", t1, "h-5");
      List<Relationship> h = graph.history("h-x");
      assertThat(h).extracting(Relationship::id).containsExactly("h-1", "h-2", "h-3", "h-4", "h-5");
      assertThat(h.get(0).validUntil()).isEqualTo(t1);
      assertThat(h.get(0).invalidatedBy()).isEqualTo("h-5");
      for (Relationship r : h) {
        assertThat(graph.relationship(r.id())).contains(r);
      }
      assertThat(graph.history("h-z")).extracting(Relationship::id).containsExactly("h-other", "h-2", "h-3");
    }

    @Test
    void invalidateEndsValidityAndKeepsTheEdge() {
      store("iv-a", "a");
      store("iv-b", "b");
      Instant from = Instant.parse("2020-01-01T00:00:00Z");
      Relationship r = graph.link(Relationship.builder("iv-a", "iv-b", RelationshipType.REPLACES).id("iv-r")
          .validFrom(from).createdAt(from).recordedAt(from).build());
      Relationship succ = graph.link("iv-a", "iv-b", RelationshipType.IMPROVES);
      Instant at = Instant.parse("2022-02-02T02:02:02.020202Z");
      Relationship inv = graph.invalidate("iv-r", at, succ.id()).orElseThrow();
      assertThat(inv).isEqualTo(r.toBuilder().validUntil(at).invalidatedBy(succ.id()).build());
      assertThat(inv.isCurrent()).isFalse();
      assertThat(graph.relationship("iv-r")).contains(inv);
      GraphStatistics s = graph.statistics();
      assertThat(s.relationshipCount()).isEqualTo(2);
      assertThat(s.currentRelationshipCount()).isEqualTo(1);
      assertThat(s.relationshipsByType()).doesNotContainKey(RelationshipType.REPLACES)
          .containsEntry(RelationshipType.IMPROVES, 1L);

      Relationship again = graph.invalidate("iv-r", Instant.parse("2023-03-03T00:00:00Z"), null).orElseThrow();
      assertThat(again).as("second invalidation changes nothing").isEqualTo(inv);
      assertThat(graph.relationship("iv-r")).contains(inv);
    }

    @Test
    void invalidateWithoutSuccessorKeepsAnExistingInvalidatedBy() {
      store("ik-a", "a");
      store("ik-b", "b");
      Relationship r = graph.link(Relationship.builder("ik-a", "ik-b", RelationshipType.CONFIRMS)
          .invalidatedBy("ik-prior").build());
      Relationship inv = graph.invalidate(r.id(), null, null).orElseThrow();
      assertThat(inv.invalidatedBy()).isEqualTo("ik-prior");
      assertThat(inv.validUntil()).isNotNull();
    }

    @Test
    void invalidateNowUsesTheCurrentTime() {
      store("in-a", "a");
      store("in-b", "b");
      Relationship r = graph.link("in-a", "in-b", RelationshipType.CAUSES);
      Instant before = now();
      Relationship inv = graph.invalidate(r.id()).orElseThrow();
      Instant after = now();
      assertThat(inv.validUntil()).isBetween(before, after);
      assertThat(inv.invalidatedBy()).isNull();
      assertThat(graph.related("in-a")).isEmpty();
    }

    @Test
    void invalidateBeforeValidFromIsRejectedAndChangesNothing() {
      store("ib-a", "a");
      store("ib-b", "b");
      Instant from = Instant.parse("2020-01-01T00:00:00Z");
      Relationship r = graph.link(Relationship.builder("ib-a", "ib-b", RelationshipType.CAUSES)
          .validFrom(from).build());
      assertRejected("valid_until", () -> graph.invalidate(r.id(), from.minus(1, ChronoUnit.MICROS), null));
      assertThat(graph.relationship(r.id())).contains(r);
      Relationship same = graph.invalidate(r.id(), from, null).orElseThrow();
      assertThat(same.validUntil()).as("valid_until == valid_from is allowed").isEqualTo(from);
    }

    @Test
    void changesSinceListsCreationsUpdatesAndInvalidations() {
      Instant old = Instant.parse("2020-01-01T00:00:00Z");
      Instant since = Instant.parse("2024-01-01T00:00:00Z");
      graph.store(memory("old untouched").id("cs-old").createdAt(old).updatedAt(old).build());
      graph.store(memory("old updated later").id("cs-upd").createdAt(old).updatedAt(old).build());
      graph.store(memory("boundary").id("cs-edge").createdAt(old).updatedAt(since).build());
      graph.store(memory("recent b").id("cs-b").createdAt(old).updatedAt(Instant.parse("2024-05-01T00:00:00Z")).build());
      graph.store(memory("recent a").id("cs-a").createdAt(old).updatedAt(Instant.parse("2024-05-01T00:00:00Z")).build());
      graph.link(Relationship.builder("cs-old", "cs-upd", RelationshipType.CAUSES).id("cs-r-old")
          .createdAt(old).build());
      graph.link(Relationship.builder("cs-upd", "cs-old", RelationshipType.CAUSES).id("cs-r-inv")
          .createdAt(old).build());
      graph.link(Relationship.builder("cs-a", "cs-b", RelationshipType.CAUSES).id("cs-r-new")
          .createdAt(Instant.parse("2024-02-01T00:00:00Z")).build());
      graph.invalidate("cs-r-inv", Instant.parse("2024-03-01T00:00:00Z"), null);
      graph.update("cs-upd", MemoryUpdate.builder().importance(0.99).build());

      ChangeSet cs = graph.changesSince(since);
      assertThat(cs.since()).isEqualTo(since);
      assertThat(cs.truncated()).isFalse();
      assertThat(ids(cs.memories())).containsExactly("cs-edge", "cs-a", "cs-b", "cs-upd");
      assertThat(cs.memories().get(3)).isEqualTo(graph.get("cs-upd").orElseThrow());
      assertThat(cs.relationships()).extracting(Relationship::id).containsExactly("cs-r-new", "cs-r-inv");
      assertThat(graph.changesSince(Instant.parse("9999-01-01T00:00:00Z")).isEmpty()).isTrue();
      ChangeSet all = graph.changesSince(TckData.MIN);
      assertThat(all.memories()).hasSize(5);
      assertThat(all.relationships()).hasSize(3);
    }
  }

  /** Statistics, recent activity and unresolved problems. */
  @Nested
  @DisplayName("StatsAndActivity")
  class StatsAndActivity {

    @Test
    void statisticsOfAnEmptyGraph() {
      GraphStatistics s = graph.statistics();
      assertThat(s.memoryCount()).isZero();
      assertThat(s.relationshipCount()).isZero();
      assertThat(s.currentRelationshipCount()).isZero();
      assertThat(s.memoriesByType()).isEmpty();
      assertThat(s.relationshipsByType()).isEmpty();
      assertThat(s.averageImportance()).isEqualTo(0.0);
    }

    @Test
    void statisticsCountEverything() {
      graph.store(memory("p").id("s-1").type(MemoryType.PROBLEM).importance(0.2).build());
      graph.store(memory("s").id("s-2").type(MemoryType.SOLUTION).importance(0.4).build());
      graph.store(memory("s2").id("s-3").type(MemoryType.SOLUTION).importance(0.9).build());
      link("s-r1", "s-2", "s-1", RelationshipType.SOLVES);
      link("s-r2", "s-3", "s-1", RelationshipType.SOLVES);
      link("s-r3", "s-3", "s-2", RelationshipType.IMPROVES);
      graph.invalidate("s-r3");
      GraphStatistics s = graph.statistics();
      assertThat(s.memoryCount()).isEqualTo(3);
      assertThat(s.relationshipCount()).isEqualTo(3);
      assertThat(s.currentRelationshipCount()).isEqualTo(2);
      assertThat(s.memoriesByType()).containsOnly(Map.entry(MemoryType.PROBLEM, 1L), Map.entry(MemoryType.SOLUTION, 2L));
      assertThat(s.relationshipsByType()).containsOnly(Map.entry(RelationshipType.SOLVES, 2L));
      assertThat(s.averageImportance()).isCloseTo(0.5, within(1e-9));
      graph.delete("s-1");
      GraphStatistics after = graph.statistics();
      assertThat(after.memoryCount()).isEqualTo(2);
      assertThat(after.relationshipCount()).isEqualTo(1);
      assertThat(after.currentRelationshipCount()).isZero();
      assertThat(after.averageImportance()).isCloseTo(0.65, within(1e-9));
    }

    @Test
    void recentActivitySummarisesTheWindow() {
      Instant old = daysAgo(30);
      graph.store(memory("old problem").id("ra-old").type(MemoryType.PROBLEM).createdAt(old).updatedAt(old).build());
      graph.store(memory("newer").id("ra-2").type(MemoryType.TASK).createdAt(old).updatedAt(daysAgo(1)).build());
      graph.store(memory("newest").id("ra-1").type(MemoryType.TASK).createdAt(old).updatedAt(now().minusSeconds(60)).build());
      graph.store(memory("middle").id("ra-3").type(MemoryType.FIX).createdAt(daysAgo(2)).updatedAt(daysAgo(2)).build());
      RecentActivity a = graph.recentActivity();
      assertThat(a.totalCount()).isEqualTo(3);
      assertThat(a.countsByType()).containsOnly(Map.entry(MemoryType.TASK, 2L), Map.entry(MemoryType.FIX, 1L));
      assertThat(ids(a.recentMemories())).containsExactly("ra-1", "ra-2", "ra-3");
      assertThat(a.recentMemories().get(0)).isEqualTo(graph.get("ra-1").orElseThrow());
      assertThat(a.since()).isBefore(now().minus(6, ChronoUnit.DAYS)).isAfter(now().minus(8, ChronoUnit.DAYS));
      assertThat(a.unresolvedProblems()).isEmpty();

      RecentActivity wide = graph.recentActivity(RecentActivityQuery.days(60));
      assertThat(wide.totalCount()).isEqualTo(4);
      assertThat(ids(wide.unresolvedProblems())).containsExactly("ra-old");
      RecentActivity limited = graph.recentActivity(new RecentActivityQuery(60, 2, null));
      assertThat(ids(limited.recentMemories())).containsExactly("ra-1", "ra-2");
      assertThat(limited.totalCount()).isEqualTo(4);
    }

    @Test
    void unresolvedProblemsLackACurrentIncomingSolvesOrAddresses() {
      Instant t = now().minusSeconds(3600);
      int k = 0;
      for (String id : List.of("u-solved", "u-addressed", "u-error", "u-invalidated", "u-outgoing", "u-related", "u-plain")) {
        MemoryType type = id.equals("u-error") ? MemoryType.ERROR : MemoryType.PROBLEM;
        graph.store(memory(id).id(id).type(type).createdAt(t.plusSeconds(k)).updatedAt(t.plusSeconds(k)).build());
        k++;
      }
      store("u-fix", MemoryType.SOLUTION, "fix");
      store("u-task", MemoryType.TASK, "not a problem");
      link("u-r1", "u-fix", "u-solved", RelationshipType.SOLVES);
      link("u-r2", "u-fix", "u-addressed", RelationshipType.ADDRESSES);
      link("u-r3", "u-fix", "u-invalidated", RelationshipType.SOLVES);
      graph.invalidate("u-r3");
      link("u-r4", "u-outgoing", "u-fix", RelationshipType.SOLVES);
      link("u-r5", "u-fix", "u-related", RelationshipType.RELATED_TO);
      RecentActivity a = graph.recentActivity();
      assertThat(ids(a.unresolvedProblems()))
          .as("newest first")
          .containsExactly("u-plain", "u-related", "u-outgoing", "u-invalidated", "u-error");
      assertThat(a.totalCount()).isEqualTo(9);
    }

    @Test
    void recentActivityFiltersByProject() {
      MemoryContext p = MemoryContext.builder().projectPath("/proj/one").build();
      graph.store(memory("in project").id("rp-1").type(MemoryType.ERROR).context(p).build());
      graph.store(memory("elsewhere").id("rp-2").type(MemoryType.ERROR)
          .context(MemoryContext.builder().projectPath("/proj/two").build()).build());
      graph.store(memory("nowhere").id("rp-3").build());
      RecentActivity a = graph.recentActivity(new RecentActivityQuery(7, 20, "/proj/one"));
      assertThat(a.totalCount()).isEqualTo(1);
      assertThat(ids(a.recentMemories())).containsExactly("rp-1");
      assertThat(ids(a.unresolvedProblems())).containsExactly("rp-1");
    }

    @Test
    void recentActivityOfAnEmptyGraph() {
      RecentActivity a = graph.recentActivity();
      assertThat(a.totalCount()).isZero();
      assertThat(a.countsByType()).isEmpty();
      assertThat(a.recentMemories()).isEmpty();
      assertThat(a.unresolvedProblems()).isEmpty();
    }
  }

  /** The optional same-type cycle policy and the self-loop ban. */
  @Nested
  @DisplayName("CyclePolicy")
  class CyclePolicy {

    private MemoryGraph strict() {
      MemoryGraph g = open(newBackend(MemoryGraphConfig.of(Map.of(ConfigKeys.MEMORY_ALLOW_CYCLES, "false"))));
      for (String id : List.of("cy-a", "cy-b", "cy-c")) {
        g.store(memory(id).id(id).build());
      }
      return g;
    }

    @Test
    void sameTypeCyclesAreAllowedByDefault() {
      for (String id : List.of("cy-a", "cy-b", "cy-c")) {
        store(id, id);
      }
      link("cy-1", "cy-a", "cy-b", RelationshipType.DEPENDS_ON);
      link("cy-2", "cy-b", "cy-a", RelationshipType.DEPENDS_ON);
      link("cy-3", "cy-b", "cy-c", RelationshipType.DEPENDS_ON);
      link("cy-4", "cy-c", "cy-a", RelationshipType.DEPENDS_ON);
      assertThat(graph.statistics().currentRelationshipCount()).isEqualTo(4);
    }

    @Test
    void twoCycleOfTheSameTypeIsRejectedWhenCyclesAreForbidden() {
      MemoryGraph g = strict();
      g.link(Relationship.builder("cy-a", "cy-b", RelationshipType.DEPENDS_ON).id("cy-1").build());
      Snapshot before = snapshot(g);
      assertThatThrownBy(() -> g.link(Relationship.builder("cy-b", "cy-a", RelationshipType.DEPENDS_ON).id("cy-2").build()))
          .isInstanceOf(ConflictException.class);
      assertThat(g.relationship("cy-2")).isEmpty();
      assertThat(snapshot(g)).isEqualTo(before);
    }

    @Test
    void threeCycleOfTheSameTypeIsRejectedWhenCyclesAreForbidden() {
      MemoryGraph g = strict();
      g.link(Relationship.builder("cy-a", "cy-b", RelationshipType.BLOCKS).id("cy-1").build());
      g.link(Relationship.builder("cy-b", "cy-c", RelationshipType.BLOCKS).id("cy-2").build());
      Snapshot before = snapshot(g);
      assertThatThrownBy(() -> g.link(Relationship.builder("cy-c", "cy-a", RelationshipType.BLOCKS).id("cy-3").build()))
          .isInstanceOf(ConflictException.class);
      assertThat(snapshot(g)).isEqualTo(before);
      Relationship forward = g.link(Relationship.builder("cy-a", "cy-c", RelationshipType.BLOCKS).id("cy-4").build());
      assertThat(g.relationship("cy-4")).as("a parallel path is not a cycle").contains(forward);
    }

    @Test
    void differentTypeCyclesAndInvalidatedEdgesDoNotCount() {
      MemoryGraph g = strict();
      g.link(Relationship.builder("cy-a", "cy-b", RelationshipType.DEPENDS_ON).id("cy-1").build());
      Relationship other = g.link(Relationship.builder("cy-b", "cy-a", RelationshipType.FOLLOWS).id("cy-2").build());
      assertThat(g.relationship("cy-2")).contains(other);
      g.link(Relationship.builder("cy-b", "cy-c", RelationshipType.CAUSES).id("cy-3").build());
      g.invalidate("cy-3");
      Relationship closing = g.link(Relationship.builder("cy-c", "cy-b", RelationshipType.CAUSES).id("cy-4").build());
      assertThat(g.relationship("cy-4")).as("the invalidated edge no longer closes a cycle").contains(closing);
      assertThat(g.statistics().currentRelationshipCount()).isEqualTo(3);
    }

    @Test
    void linkAllRejectsACycleWithinTheBatchAtomically() {
      MemoryGraph g = strict();
      Snapshot before = snapshot(g);
      assertThatThrownBy(() -> g.linkAll(List.of(
          Relationship.builder("cy-a", "cy-b", RelationshipType.REQUIRES).id("cy-1").build(),
          Relationship.builder("cy-b", "cy-a", RelationshipType.REQUIRES).id("cy-2").build())))
          .isInstanceOf(ConflictException.class);
      assertThat(snapshot(g)).isEqualTo(before);
    }

    @Test
    void selfLoopsAreAlwaysRejected() {
      store("cy-s", "self");
      MemoryGraph g = strict();
      assertRejected("to_id", () -> graph.link("cy-s", "cy-s", RelationshipType.RELATED_TO));
      assertRejected("to_id", () -> g.link("cy-a", "cy-a", RelationshipType.DEPENDS_ON));
      assertThat(graph.statistics().relationshipCount()).isZero();
      assertThat(g.statistics().relationshipCount()).isZero();
    }
  }

  /** Many threads on one graph: no errors, no lost updates, consistent counts. */
  @Nested
  @DisplayName("Concurrency")
  class Concurrency {

    @Test
    void eightThreadsOfMixedOperations() throws InterruptedException {
      final int threads = 8;
      store("hot", "shared hot memory");
      for (int t = 0; t < threads; t++) {
        store("counter-" + t, "counter " + t);
      }
      long[] stores = new long[threads];
      long[] counts = new long[threads];
      long[] links = new long[threads];
      AtomicLong hotUpdates = new AtomicLong();
      AtomicLong reads = new AtomicLong();
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      long deadline = System.nanoTime() + concurrencyDuration().toNanos();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      for (int t = 0; t < threads; t++) {
        final int me = t;
        pool.execute(() -> {
          List<String> mine = new ArrayList<>();
          try {
            start.await();
            int i = 0;
            while (System.nanoTime() < deadline || i < 25) {
              switch (i % 6) {
                case 0: {
                  Memory m = graph.store(memory("conc thread " + me + " item " + i).tags("t" + me).build());
                  mine.add(m.id());
                  stores[me]++;
                  break;
                }
                case 1: {
                  long next = counts[me] + 1;
                  graph.update("counter-" + me, MemoryUpdate.builder().usageCount(next).build()).orElseThrow();
                  counts[me] = next;
                  break;
                }
                case 2: {
                  graph.update("hot", MemoryUpdate.builder().updatedBy("thread-" + me).build()).orElseThrow();
                  hotUpdates.incrementAndGet();
                  break;
                }
                case 3: {
                  Page<Memory> p = graph.search(SearchQuery.builder().text("conc thread").limit(10).build());
                  if (p.items().size() > 10) {
                    throw new AssertionError("page larger than its limit");
                  }
                  reads.incrementAndGet();
                  break;
                }
                case 4: {
                  if (mine.size() >= 2) {
                    graph.link(mine.get(mine.size() - 1), mine.get(mine.size() - 2), RelationshipType.FOLLOWS);
                    links[me]++;
                  }
                  break;
                }
                default: {
                  String from = mine.isEmpty() ? "counter-" + me : mine.get(0);
                  graph.related(from, TraversalOptions.builder().maxDepth(3).build());
                  GraphStatistics s = graph.statistics();
                  if (s.memoryCount() < threads + 1) {
                    throw new AssertionError("statistics lost memories: " + s);
                  }
                  reads.incrementAndGet();
                  break;
                }
              }
              i++;
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        });
      }
      start.countDown();
      pool.shutdown();
      boolean finished = pool.awaitTermination(concurrencyDuration().toSeconds() + 600, TimeUnit.SECONDS);
      assertThat(finished).as("worker threads finished").isTrue();
      assertThat(errors).as("errors from worker threads").isEmpty();

      long storedTotal = 0;
      long linkTotal = 0;
      for (int t = 0; t < threads; t++) {
        Memory c = graph.get("counter-" + t).orElseThrow();
        assertThat(c.usageCount()).as("counter %d", t).isEqualTo(counts[t]);
        assertThat(c.version()).as("counter %d version", t).isEqualTo(counts[t] + 1);
        storedTotal += stores[t];
        linkTotal += links[t];
      }
      Memory hot = graph.get("hot").orElseThrow();
      assertThat(hot.version()).as("no lost update on the shared memory").isEqualTo(hotUpdates.get() + 1);
      GraphStatistics s = graph.statistics();
      assertThat(s.memoryCount()).isEqualTo(threads + 1 + storedTotal);
      assertThat(s.relationshipCount()).isEqualTo(linkTotal);
      assertThat(s.currentRelationshipCount()).isEqualTo(linkTotal);
      assertThat(graph.search(SearchQuery.builder().text("conc thread").build()).total()).isEqualTo(storedTotal);
      assertThat(reads.get()).isPositive();
    }

    @Test
    void twoBackendsOnOneStorageShareWritesSafely() throws InterruptedException {
      assumeCapability(Capability.MULTI_PROCESS);
      GraphBackend first = newBackend();
      MemoryGraph a = open(first);
      MemoryGraph b = open(reopen(first));
      a.store(memory("shared").id("two-hot").build());
      final int perGraph = 4;
      final int each = 15;
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(perGraph * 2);
      CountDownLatch start = new CountDownLatch(1);
      for (int t = 0; t < perGraph * 2; t++) {
        final MemoryGraph g = t % 2 == 0 ? a : b;
        final int me = t;
        pool.execute(() -> {
          try {
            start.await();
            for (int i = 0; i < each; i++) {
              g.store(memory("two graphs " + me + " " + i).id("two-" + me + "-" + i).build());
              g.update("two-hot", MemoryUpdate.builder().updatedBy("t" + me).build()).orElseThrow();
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        });
      }
      start.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(600, TimeUnit.SECONDS)).isTrue();
      assertThat(errors).isEmpty();
      long expected = 1 + (long) perGraph * 2 * each;
      assertThat(a.statistics().memoryCount()).isEqualTo(expected);
      assertThat(b.statistics().memoryCount()).isEqualTo(expected);
      assertThat(a.get("two-hot").orElseThrow().version()).isEqualTo(1 + (long) perGraph * 2 * each);
      assertThat(b.get("two-hot")).isEqualTo(a.get("two-hot"));
      assertThat(b.search("graphs").total()).isEqualTo(expected - 1);
    }

    @Test
    void concurrentUpsertsOfOneIdKeepEveryVersion() throws InterruptedException {
      final int threads = 8;
      final int perThread = 10;
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      for (int t = 0; t < threads; t++) {
        final int me = t;
        pool.execute(() -> {
          try {
            start.await();
            for (int i = 0; i < perThread; i++) {
              graph.store(memory("upsert " + me + "/" + i).id("same-id").createdAt(TckData.MODERN).build());
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        });
      }
      start.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(600, TimeUnit.SECONDS)).isTrue();
      assertThat(errors).isEmpty();
      Memory m = graph.get("same-id").orElseThrow();
      assertThat(m.version()).isEqualTo(threads * perThread);
      assertThat(m.createdAt()).isEqualTo(TckData.MODERN);
      assertThat(graph.statistics().memoryCount()).isEqualTo(1);
    }
  }

  /** Schema, connection lifecycle, reconnection and health. */
  @Nested
  @DisplayName("Lifecycle")
  class Lifecycle {

    @Test
    void initializeSchemaIsIdempotentAndKeepsData() {
      Memory m = store("lc-1", "survives");
      graph.link(Relationship.builder("lc-1", store("lc-2", "other").id(), RelationshipType.CAUSES).id("lc-r").build());
      MemoryGraph.await(graph.backend().initializeSchema());
      MemoryGraph.await(graph.backend().initializeSchema());
      assertThat(graph.get("lc-1")).contains(m);
      assertThat(graph.relationship("lc-r")).isPresent();
      assertThat(ids(graph.search("survives").items())).containsExactly("lc-1");
      assertThat(graph.statistics().memoryCount()).isEqualTo(2);
    }

    @Test
    void connectTwiceIsHarmless() {
      store("lc-c", "connected");
      MemoryGraph.await(graph.backend().connect());
      assertThat(graph.get("lc-c")).isPresent();
    }

    @Test
    void disconnectIsIdempotent() {
      GraphBackend b = newBackend();
      MemoryGraph g = open(b);
      g.store(memory("x").build());
      assertThatCode(() -> {
        MemoryGraph.await(b.disconnect());
        MemoryGraph.await(b.disconnect());
        g.close();
        b.close();
      }).doesNotThrowAnyException();
    }

    @Test
    void disconnectWithoutConnectIsSafe() {
      GraphBackend b = track(newBackend());
      assertThatCode(() -> MemoryGraph.await(b.disconnect())).doesNotThrowAnyException();
    }

    @Test
    void operationsAfterDisconnectFailWithALibraryException() {
      GraphBackend b = newBackend();
      MemoryGraph g = open(b);
      g.close();
      assertThatThrownBy(() -> g.get("anything")).isInstanceOf(MemoryGraphException.class);
    }

    @Test
    void reopeningTheSameStorageSeesTheData() {
      GraphBackend b = newBackend();
      MemoryGraph g = open(b);
      Memory m = g.store(memory("persisted 😀").id("lc-p").tags("keep").context(TckData.fullContext()).build());
      g.store(memory("other").id("lc-q").build());
      Relationship r = g.link(Relationship.builder("lc-p", "lc-q", RelationshipType.SOLVES).id("lc-pr").build());
      g.invalidate("lc-pr", null, null);
      Relationship inv = g.relationship("lc-pr").orElseThrow();
      g.close();
      MemoryGraph again = open(reopen(b));
      assertThat(again.get("lc-p")).contains(m);
      assertThat(again.relationship("lc-pr")).contains(inv);
      assertThat(inv.id()).isEqualTo(r.id());
      assertThat(ids(again.search("persisted").items())).containsExactly("lc-p");
      assertThat(again.statistics().memoryCount()).isEqualTo(2);
      again.store(memory("after reopen").id("lc-z").build());
      assertThat(again.get("lc-z")).isPresent();
    }

    @Test
    void healthCheckReportsTheBackendAndItsCounts() {
      store("hc-1", "one");
      store("hc-2", "two");
      link("hc-r", "hc-1", "hc-2", RelationshipType.CAUSES);
      HealthStatus h = graph.health();
      assertThat(h.healthy()).isTrue();
      assertThat(h.backend()).isEqualTo(graph.backend().backendName());
      assertThat(h.memoryCount()).isEqualTo(2);
      assertThat(h.relationshipCount()).isEqualTo(1);
      assertThat(h.latency()).isNotNull();
      assertThat(h.latency().isNegative()).isFalse();
      assertThat(h.checkedAt()).isNotNull();
      assertThat(h.error()).isNull();
      assertThat(h.details()).isNotNull();
    }

    @Test
    void capabilitiesAreConsistent() {
      GraphBackend b = graph.backend();
      assertThat(b.backendName()).matches("[a-z0-9_-]{1,40}");
      Capabilities caps = b.capabilities();
      assertThat(caps).isNotNull();
      assertThat(b.supportsFulltextSearch()).isEqualTo(caps.supports(Capability.FULLTEXT_SEARCH));
      assertThat(b.supportsTransactions()).isEqualTo(caps.supports(Capability.TRANSACTIONS));
      assertThat(caps.unsupported()).allSatisfy((c, reason) -> assertThat(reason).isNotBlank());
      Set<Capability> union = new HashSet<>(caps.supported());
      union.addAll(caps.unsupported().keySet());
      assertThat(union).containsExactlyInAnyOrder(Capability.values());
    }

    @Test
    void twoFreshBackendsAreIsolated() {
      store("iso-1", "only in the first");
      MemoryGraph other = open(newBackend());
      assertThat(other.get("iso-1")).isEmpty();
      assertThat(other.statistics().memoryCount()).isZero();
    }
  }
}
