package dev.memorygraph.factory.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.ConflictException;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.ValidationException;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.factory.BackendFactory;
import dev.memorygraph.factory.migration.MigrationException.Reason;
import dev.memorygraph.model.GraphStatistics;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.Visibility;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Migrations between real SQLite databases opened through {@link BackendFactory}. */
class GraphMigrationTest {
  private static final Instant T0 = Instant.parse("2024-03-01T10:15:30.123456Z");
  private static final int MEMORIES = 23;
  private static final int RELATIONSHIPS = 30;

  private Path dir;
  private final List<MemoryGraph> open = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "migration-tests",
        UUID.randomUUID().toString()));
  }

  @AfterEach
  void tearDown() {
    open.forEach(MemoryGraph::close);
  }

  private MemoryGraph graph(String name, boolean allowCycles) {
    MemoryGraph g = BackendFactory.open(MemoryGraphConfig.builder().backend("sqlite")
        .set(ConfigKeys.MEMORY_SQLITE_PATH, dir.resolve(name + ".db").toString())
        .set(ConfigKeys.MEMORY_ALLOW_CYCLES, Boolean.toString(allowCycles)).build());
    open.add(g);
    return g;
  }

  /** A memory with every field set, Unicode included. */
  static Memory fullMemory(int i) {
    Instant created = T0.plus(i, ChronoUnit.MINUTES).plusNanos(1000L * i);
    MemoryContext ctx = MemoryContext.builder().projectPath("/src/projé-" + i)
        .filesInvolved(List.of("src/Main.java", "docs/日本語.md"))
        .languages(List.of("java", "kotlin")).frameworks(List.of("junit")).technologies(List.of("sqlite"))
        .gitCommit("abc123" + i).gitBranch("feature/ünïcode").workingDirectory("/tmp/w" + i)
        .timestamp(created.minusSeconds(5)).sessionId("sess-" + i).userId("user-" + i)
        .additionalMetadata(Map.of("k" + i, "välue ✓", "emoji", "🚀"))
        .tenantId("tenant-" + i).teamId("team-" + i)
        .visibility(Visibility.values()[i % Visibility.values().length]).createdBy("agent-" + i).build();
    return Memory.builder().id(String.format("m-%03d", i))
        .type(MemoryType.values()[i % MemoryType.values().length])
        .title("Café ☕ №" + i + " — 日本語のタイトル")
        .content("Content " + i + " with emoji 🧠 and Ελληνικά text\nsecond line")
        .summary("Summary ß " + i).tags("Tag-" + i, "ÜNICODE", "shared")
        .context(ctx).importance(0.1 + i * 0.03).confidence(0.95 - i * 0.01).effectiveness(0.5 + i * 0.01)
        .usageCount(i * 3L).createdAt(created).updatedAt(created.plusSeconds(60))
        .lastAccessed(created.plusSeconds(120)).version(1 + i % 4).updatedBy("editor-" + i).build();
  }

  /** Relationships from a lower to a higher memory index only, so there is no cycle. */
  static List<Relationship> relationships() {
    List<Relationship> out = new ArrayList<>();
    RelationshipType[] types = RelationshipType.values();
    for (int i = 0; i < RELATIONSHIPS; i++) {
      int from = i % (MEMORIES - 1);
      int to = Math.min(MEMORIES - 1, from + 1 + i % 3);
      Instant created = T0.plus(i, ChronoUnit.HOURS).plusNanos(7000L * i);
      Relationship.Builder b = Relationship.builder(String.format("m-%03d", from), String.format("m-%03d", to),
              types[i % types.length])
          .id(String.format("r-%03d", i)).strength(0.2 + i * 0.02).confidence(0.9 - i * 0.01)
          .context("Kontext « " + i + " » 🔗").evidenceCount(1 + i).successRate(0.25 + i * 0.01)
          .createdAt(created).lastValidated(created.plusSeconds(30)).validationCount(i)
          .counterEvidenceCount(i % 2).validFrom(created.minusSeconds(3600)).recordedAt(created.plusNanos(3000));
      if (i % 4 == 0) {
        b.validUntil(created.plusSeconds(7200)).invalidatedBy(String.format("r-%03d", (i + 1) % RELATIONSHIPS));
      }
      out.add(b.build());
    }
    return out;
  }

  private static MemoryGraph populate(MemoryGraph g) {
    List<Memory> ms = new ArrayList<>();
    for (int i = 0; i < MEMORIES; i++) {
      ms.add(fullMemory(i));
    }
    g.storeAll(ms);
    g.linkAll(relationships());
    return g;
  }

  private static List<Memory> memories(MemoryGraph g) {
    List<Memory> out = new ArrayList<>();
    g.exportMemories(out::add);
    return out;
  }

  private static List<Relationship> rels(MemoryGraph g) {
    List<Relationship> out = new ArrayList<>();
    g.exportRelationships(out::add);
    return out;
  }

  @Test
  void copiesEveryFieldAndVerifiesASample() {
    MemoryGraph source = populate(graph("source", true));
    MemoryGraph target = graph("target", true);
    List<String> events = new ArrayList<>();
    MigrationReport report = GraphMigration.builder().batchSize(7).sampleSize(5)
        .listener((phase, done, total) -> events.add(phase + " " + done + "/" + total))
        .build().migrate(source, target);

    assertThat(report.memories()).isEqualTo(MEMORIES);
    assertThat(report.relationships()).isEqualTo(RELATIONSHIPS);
    assertThat(report.currentRelationships()).isEqualTo(RELATIONSHIPS - (RELATIONSHIPS + 3) / 4);
    assertThat(report.sourceBackend()).isEqualTo("sqlite");
    assertThat(report.targetBackend()).isEqualTo("sqlite");
    // 23 ids, about 5 wanted: every 5th (0, 5, 10, 15, 20) plus the last (22).
    assertThat(report.verifiedMemories()).isEqualTo(6);
    // 30 ids: 0, 6, 12, 18, 24 plus the last (29).
    assertThat(report.verifiedRelationships()).isEqualTo(6);
    assertThat(report.verifiedSampleSize()).isEqualTo(12);

    // Beyond the built-in sample: the whole target equals the whole source, record by record.
    assertThat(memories(target)).isEqualTo(memories(source)).hasSize(MEMORIES);
    assertThat(rels(target)).isEqualTo(rels(source)).hasSize(RELATIONSHIPS);
    assertThat(target.get("m-007")).contains(fullMemory(7));
    assertThat(target.relationship("r-004").orElseThrow().isCurrent()).isFalse();
    GraphStatistics s = source.statistics();
    GraphStatistics t = target.statistics();
    assertThat(t.currentRelationshipCount()).isEqualTo(s.currentRelationshipCount());
    assertThat(t.memoriesByType()).isEqualTo(s.memoriesByType());

    assertThat(events).contains("WRITE_MEMORIES 7/23", "WRITE_MEMORIES 23/23", "WRITE_RELATIONSHIPS 28/30",
        "WRITE_RELATIONSHIPS 30/30", "VERIFY 12/12").noneMatch(e -> e.startsWith("ROLLBACK"));
  }

  @Test
  void sampleAsLargeAsTheGraphComparesEverything() {
    MemoryGraph source = populate(graph("source", true));
    MemoryGraph target = graph("target", true);
    MigrationReport report = GraphMigration.builder().sampleSize(1000).build().migrate(source, target);
    assertThat(report.verifiedMemories()).isEqualTo(MEMORIES);
    assertThat(report.verifiedRelationships()).isEqualTo(RELATIONSHIPS);
  }

  @Test
  void nonEmptyTargetIsRefusedAndUntouched() {
    MemoryGraph source = populate(graph("source", true));
    MemoryGraph target = graph("target", true);
    Memory existing = target.store(Memory.builder().id("t-1").title("Already here").content("keep me").build());

    assertThatThrownBy(() -> GraphMigration.withDefaults().migrate(source, target))
        .isInstanceOfSatisfying(MigrationException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.TARGET_NOT_EMPTY);
          assertThat(e.targetRestored()).isTrue();
        })
        .hasMessageContaining("not empty").hasMessageContaining("1 memories")
        .hasMessageContaining("Nothing was written");
    assertThat(memories(target)).containsExactly(existing);
  }

  @Test
  void mergeReportsIdConflictsBeforeWriting() {
    MemoryGraph source = populate(graph("source", true));
    MemoryGraph target = graph("target", true);
    Memory clash = target.store(Memory.builder().id("m-003").title("Target's own m-003").content("not the source's").build());
    Memory other = target.store(Memory.builder().id("t-1").title("Unrelated").content("x").build());
    Relationship relClash = target.link(Relationship.builder("t-1", "m-003", RelationshipType.SOLVES).id("r-005").build());

    assertThatThrownBy(() -> GraphMigration.builder().allowNonEmptyTarget(true).build().migrate(source, target))
        .isInstanceOfSatisfying(MigrationException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.ID_CONFLICT);
          assertThat(e.conflictingIds()).containsExactly("memory m-003", "relationship r-005");
          assertThat(e.targetRestored()).isTrue();
        })
        .hasMessageContaining("2 id(s)").hasMessageContaining("memory m-003").hasMessageContaining("nothing was written");
    assertThat(memories(target)).containsExactly(clash, other);
    assertThat(rels(target)).containsExactly(relClash);
  }

  @Test
  void mergeWithoutConflictsAddsToTheTarget() {
    MemoryGraph source = populate(graph("source", true));
    MemoryGraph target = graph("target", true);
    Memory a = target.store(Memory.builder().id("t-1").title("Mine").content("a").build());
    Memory b = target.store(Memory.builder().id("t-2").title("Mine too").content("b").build());
    Relationship r = target.link(Relationship.builder("t-1", "t-2", RelationshipType.DEPENDS_ON).id("t-rel").build());

    MigrationReport report = GraphMigration.builder().allowNonEmptyTarget(true).batchSize(4).build()
        .migrate(source, target);
    assertThat(report.memories()).isEqualTo(MEMORIES);
    List<Memory> after = memories(target);
    assertThat(after).hasSize(MEMORIES + 2).contains(a, b).containsAll(memories(source));
    assertThat(rels(target)).hasSize(RELATIONSHIPS + 1).contains(r);
  }

  @Test
  void aCycleRefusedMidwayRollsBackExactlyWhatWasWritten() {
    MemoryGraph source = populate(graph("source", true));
    // A same-type cycle whose closing edge sorts last, so earlier relationship batches succeed.
    source.link(Relationship.builder("m-000", "m-001", RelationshipType.DEPENDS_ON).id("z-1").build());
    source.link(Relationship.builder("m-001", "m-000", RelationshipType.DEPENDS_ON).id("z-2").build());
    MemoryGraph target = graph("target", false);
    Memory a = target.store(Memory.builder().id("t-1").title("Pre-existing").content("must survive").build());
    Memory b = target.store(Memory.builder().id("t-2").title("Pre-existing too").content("must survive").build());
    Relationship r = target.link(Relationship.builder("t-1", "t-2", RelationshipType.DEPENDS_ON).id("t-rel").build());
    GraphStatistics before = target.statistics();
    List<MigrationPhase> phases = new ArrayList<>();

    assertThatThrownBy(() -> GraphMigration.builder().allowNonEmptyTarget(true).batchSize(5)
            .listener((phase, done, total) -> phases.add(phase)).build().migrate(source, target))
        .isInstanceOfSatisfying(MigrationException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.WRITE_FAILED);
          assertThat(e.targetRestored()).isTrue();
          assertThat(e.getCause()).isInstanceOf(ConflictException.class);
        })
        .hasMessageContaining("batch 7 of 7").hasMessageContaining("cycle")
        .hasMessageContaining("MEMORY_ALLOW_CYCLES=false")
        .hasMessageContaining("The target was restored")
        .hasMessageContaining("23 memories and 30 relationships this migration wrote were deleted");

    // Six relationship batches had been committed before the seventh failed; all are gone now.
    assertThat(phases).contains(MigrationPhase.WRITE_RELATIONSHIPS, MigrationPhase.ROLLBACK);
    assertThat(memories(target)).containsExactly(a, b);
    assertThat(rels(target)).containsExactly(r);
    GraphStatistics after = target.statistics();
    assertThat(after.memoryCount()).isEqualTo(before.memoryCount());
    assertThat(after.relationshipCount()).isEqualTo(before.relationshipCount());
    assertThat(target.get("m-000")).isEmpty();
    // The source is only read.
    assertThat(memories(source)).hasSize(MEMORIES);
    assertThat(rels(source)).hasSize(RELATIONSHIPS + 2);
  }

  @Test
  void emptySourceGivesAnEmptyVerifiedReport() {
    MigrationReport report = GraphMigration.withDefaults().migrate(graph("source", true), graph("target", true));
    assertThat(report.memories()).isZero();
    assertThat(report.relationships()).isZero();
    assertThat(report.verifiedSampleSize()).isZero();
  }

  @Test
  void mismatchNamesTheFirstDifferingField() {
    Memory m = fullMemory(1);
    assertThat(GraphMigration.mismatch("memory", m, Optional.of(m))).isEmpty();
    assertThat(GraphMigration.mismatch("memory", m, Optional.of(m.toBuilder().usageCount(99).build())))
        .hasValueSatisfying(s -> assertThat(s).contains("'m-001'").contains("usageCount")
            .contains("source has 3").contains("target has 99"));
    assertThat(GraphMigration.mismatch("memory", m, Optional.empty()))
        .hasValue("memory 'm-001' is missing from the target");
    Relationship r = relationships().get(0);
    assertThat(GraphMigration.mismatch("relationship", r,
        Optional.of(r.toBuilder().validUntil(r.validUntil().plusNanos(1000)).build())))
        .hasValueSatisfying(s -> assertThat(s).contains("validUntil"));
  }

  @Test
  void badOptionsAndSameBackendAreRejected() {
    assertThatThrownBy(() -> GraphMigration.builder().batchSize(0))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("batch_size"));
    assertThatThrownBy(() -> GraphMigration.builder().batchSize(GraphMigration.MAX_BATCH_SIZE + 1))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> GraphMigration.builder().sampleSize(-1))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("sample_size"));
    MemoryGraph g = graph("same", true);
    assertThatThrownBy(() -> GraphMigration.withDefaults().migrate(g.backend(), g.backend()))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("target"));
  }
}
