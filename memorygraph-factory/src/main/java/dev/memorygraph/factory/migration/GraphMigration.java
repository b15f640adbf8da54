package dev.memorygraph.factory.migration;

import static dev.memorygraph.MemoryGraph.await;

import dev.memorygraph.ConflictException;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.ValidationException;
import dev.memorygraph.factory.migration.MigrationException.Reason;
import dev.memorygraph.model.GraphStatistics;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.spi.GraphBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every memory and relationship from one backend to another, verifies the copy, and on
 * any failure deletes exactly what it wrote.
 *
 * <p>It works over any two {@link GraphBackend}s through the public SPI only: the source is read
 * with {@code exportMemories}/{@code exportRelationships}, the target is written with
 * {@code storeMemories} then {@code createRelationships} in atomic batches. Steps:
 * <ol>
 *   <li><b>Read and check the source</b>: ids unique, every relationship's ends among the
 *       memories read, counts equal to the source's statistics (a mismatch means something wrote
 *       to the source meanwhile).</li>
 *   <li><b>Check the target</b>: it must be empty unless {@link Builder#allowNonEmptyTarget}
 *       is set; when merging, any source id already used in the target is reported as a
 *       conflict before anything is written (storing it would silently replace the target's
 *       memory).</li>
 *   <li><b>Write</b> memories, then relationships, so that every relationship's ends exist.</li>
 *   <li><b>Verify</b>: the target's counts (memories, relationships, current relationships, and
 *       per type) must be its counts before plus the source's, and a deterministic sample (the
 *       first, the last and every k-th record by id) must equal the source's records field by
 *       field.</li>
 * </ol>
 * On a write error or a verification mismatch the relationships and memories this migration
 * wrote are deleted (never anything the target held before) and a {@link MigrationException}
 * says what failed and whether the target was restored.
 *
 * <p>A target that forbids same-type cycles ({@code MEMORY_ALLOW_CYCLES=false}) refuses a
 * source's cycle when the closing relationship is written: that surfaces as
 * {@link Reason#WRITE_FAILED} with the target's {@link ConflictException} as the cause, after
 * the rollback.
 *
 * <p>The whole source is held in memory while it is copied (records are immutable and small;
 * a million memories of typical size need a few GB, so very large graphs want a bigger heap).
 * Both backends must be connected and their schema initialised ({@link MemoryGraph#open} does
 * both). Writers to either side should be stopped while a migration runs.
 *
 * <pre>{@code
 * try (MemoryGraph from = BackendFactory.open(sqliteConfig);
 *      MemoryGraph to = BackendFactory.open(tursoConfig)) {
 *   MigrationReport r = GraphMigration.builder().batchSize(1000).build().migrate(from, to);
 * }
 * }</pre>
 */
public final class GraphMigration {
  /** Records per write batch unless set. */
  public static final int DEFAULT_BATCH_SIZE = 500;
  /** The largest batch accepted. */
  public static final int MAX_BATCH_SIZE = 10_000;
  /** Memories (and, separately, relationships) compared field by field unless set. */
  public static final int DEFAULT_SAMPLE_SIZE = 100;
  private static final int SHOWN_IDS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(GraphMigration.class);

  private final int batchSize;
  private final int sampleSize;
  private final boolean allowNonEmptyTarget;
  private final MigrationListener listener;

  private GraphMigration(Builder b) {
    this.batchSize = b.batchSize;
    this.sampleSize = b.sampleSize;
    this.allowNonEmptyTarget = b.allowNonEmptyTarget;
    this.listener = b.listener;
  }

  /** A builder with the defaults: batches of 500, samples of 100, empty target required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A migration with the default options. */
  public static GraphMigration withDefaults() {
    return builder().build();
  }

  /** The number of records per write batch. */
  public int batchSize() {
    return batchSize;
  }

  /** How many memories, and how many relationships, verification compares field by field. */
  public int sampleSize() {
    return sampleSize;
  }

  /** Whether a target that already holds data is accepted (records are then added to it). */
  public boolean allowNonEmptyTarget() {
    return allowNonEmptyTarget;
  }

  /** Migrates between two open graphs; see {@link #migrate(GraphBackend, GraphBackend)}. */
  public MigrationReport migrate(MemoryGraph source, MemoryGraph target) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    return migrate(source.backend(), target.backend());
  }

  /**
   * Copies everything from {@code source} to {@code target} and verifies the copy.
   *
   * @param source a connected backend to read from (not changed)
   * @param target a connected, initialised backend to write to
   * @return what was copied and verified
   * @throws MigrationException when the source is inconsistent, the target is not empty (or
   *     ids conflict when merging), a write fails or verification finds a difference; the
   *     target is restored first whenever something was written
   * @throws ValidationException when source and target are the same backend object
   */
  public MigrationReport migrate(GraphBackend source, GraphBackend target) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    if (source == target) {
      throw new ValidationException("target", "must not be the source backend itself");
    }
    long started = System.nanoTime();
    String from = source.backendName();
    String to = target.backendName();
    LOG.info("Migrating from {} to {} (batch size {}, sample size {}, {})", from, to, batchSize,
        sampleSize, allowNonEmptyTarget ? "merging into a non-empty target allowed" : "empty target required");

    SourceData data = readSource(source, from);
    GraphStatistics targetBefore = checkTarget(target, to, data);

    Run run = new Run(from, to, target);
    run.write(data);
    int[] verified = run.verify(source, data, targetBefore);

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    MigrationReport report = new MigrationReport(from, to, data.memories.size(),
        data.relationships.size(), data.stats.currentRelationshipCount(), took, verified[0], verified[1]);
    LOG.info("Migrated {} memories and {} relationships from {} to {} in {} ms; verified {} records",
        report.memories(), report.relationships(), from, to, took.toMillis(), report.verifiedSampleSize());
    return report;
  }

  // ---- reading ----

  private record SourceData(List<Memory> memories, List<Relationship> relationships, GraphStatistics stats) { }

  private SourceData readSource(GraphBackend source, String from) {
    progress(MigrationPhase.READ, 0, 0);
    GraphStatistics stats = await(source.getStatistics());
    List<Memory> memories = new ArrayList<>();
    List<Relationship> relationships = new ArrayList<>();
    long m = await(source.exportMemories(memories::add));
    long r = await(source.exportRelationships(relationships::add));
    // Sorting makes batches and the verification sample independent of each backend's collation.
    memories.sort(Comparator.comparing(Memory::id));
    relationships.sort(Comparator.comparing(Relationship::id));

    if (m != memories.size() || r != relationships.size()) {
      throw sourceInvalid(from, "the export reported " + m + " memories and " + r
          + " relationships but delivered " + memories.size() + " and " + relationships.size());
    }
    Set<String> memoryIds = new HashSet<>();
    for (Memory x : memories) {
      if (!memoryIds.add(x.id())) {
        throw sourceInvalid(from, "memory id '" + x.id() + "' occurs twice");
      }
    }
    Set<String> relationshipIds = new HashSet<>();
    for (Relationship x : relationships) {
      if (!relationshipIds.add(x.id())) {
        throw sourceInvalid(from, "relationship id '" + x.id() + "' occurs twice");
      }
      if (!memoryIds.contains(x.fromId()) || !memoryIds.contains(x.toId())) {
        String missing = memoryIds.contains(x.fromId()) ? x.toId() : x.fromId();
        throw sourceInvalid(from, "relationship '" + x.id() + "' refers to memory '" + missing
            + "', which the source does not hold");
      }
    }
    if (stats.memoryCount() != memories.size() || stats.relationshipCount() != relationships.size()) {
      throw sourceInvalid(from, "its statistics count " + stats.memoryCount() + " memories and "
          + stats.relationshipCount() + " relationships but " + memories.size() + " and "
          + relationships.size() + " were read; was it written to during the migration? "
          + "Stop its writers and try again");
    }
    progress(MigrationPhase.READ, memories.size() + relationships.size(), memories.size() + relationships.size());
    return new SourceData(List.copyOf(memories), List.copyOf(relationships), stats);
  }

  private static MigrationException sourceInvalid(String from, String problem) {
    return new MigrationException(Reason.SOURCE_INVALID, "Migration refused: the source (" + from
        + ") is inconsistent: " + problem + ". Nothing was written to the target.", true, List.of(), null);
  }

  // ---- checking the target ----

  private GraphStatistics checkTarget(GraphBackend target, String to, SourceData data) {
    GraphStatistics before = await(target.getStatistics());
    boolean empty = before.memoryCount() == 0 && before.relationshipCount() == 0;
    if (empty) {
      return before;
    }
    if (!allowNonEmptyTarget) {
      throw new MigrationException(Reason.TARGET_NOT_EMPTY, "Migration refused: the target (" + to
          + ") is not empty: it holds " + before.memoryCount() + " memories and "
          + before.relationshipCount() + " relationships. Migrate into an empty database, or allow "
          + "merging explicitly (allowNonEmptyTarget, --allow-non-empty on the command line). "
          + "Nothing was written.", true, List.of(), null);
    }
    Set<String> targetIds = new HashSet<>();
    await(target.exportMemories(x -> targetIds.add(x.id())));
    TreeSet<String> conflicts = new TreeSet<>();
    for (Memory x : data.memories) {
      if (targetIds.contains(x.id())) {
        conflicts.add("memory " + x.id());
      }
    }
    targetIds.clear();
    await(target.exportRelationships(x -> targetIds.add(x.id())));
    for (Relationship x : data.relationships) {
      if (targetIds.contains(x.id())) {
        conflicts.add("relationship " + x.id());
      }
    }
    if (!conflicts.isEmpty()) {
      List<String> all = new ArrayList<>(conflicts);
      throw new MigrationException(Reason.ID_CONFLICT, "Migration refused: " + all.size()
          + " id(s) of the source are already used in the target (" + to + "): " + shown(all)
          + ". Merging would replace the target's records; nothing was written.", true, all, null);
    }
    return before;
  }

  private static String shown(List<String> items) {
    if (items.size() <= SHOWN_IDS) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, SHOWN_IDS)) + " and " + (items.size() - SHOWN_IDS) + " more";
  }

  // ---- one run: writing, verifying, rolling back ----

  /** The state of one migration: what it wrote, so that exactly that can be undone. */
  private final class Run {
    private final String from;
    private final String to;
    private final GraphBackend target;
    // Insertion-ordered so that rollback and its log follow the write order.
    private final Set<String> writtenMemories = new LinkedHashSet<>();
    private final Set<String> writtenRelationships = new LinkedHashSet<>();

    Run(String from, String to, GraphBackend target) {
      this.from = from;
      this.to = to;
      this.target = target;
    }

    void write(SourceData data) {
      writeBatches(MigrationPhase.WRITE_MEMORIES, "memories", data.memories, Memory::id,
          target::storeMemories, writtenMemories);
      writeBatches(MigrationPhase.WRITE_RELATIONSHIPS, "relationships", data.relationships,
          Relationship::id, target::createRelationships, writtenRelationships);
    }

    private <T> void writeBatches(MigrationPhase phase, String what, List<T> records,
        Function<T, String> id, Function<List<T>, java.util.concurrent.CompletableFuture<Integer>> store,
        Set<String> written) {
      int total = records.size();
      int batches = (total + batchSize - 1) / batchSize;
      progress(phase, 0, total);
      for (int i = 0, b = 1; i < total; i += batchSize, b++) {
        List<T> batch = records.subList(i, Math.min(total, i + batchSize));
        // The ids are recorded before the write: the SPI promises an atomic batch, but a batch
        // whose outcome is unknown (a timeout after commit) must be undone too. They were all
        // absent from the target (checked above), so deleting them can never hit older data.
        for (T t : batch) {
          written.add(id.apply(t));
        }
        try {
          await(store.apply(batch));
        } catch (RuntimeException e) {
          String step = "writing " + what + " (batch " + b + " of " + batches + ", records "
              + (i + 1) + "-" + (i + batch.size()) + " of " + total + ")";
          throw fail(Reason.WRITE_FAILED, "the target (" + to + ") refused or failed " + step + ": "
              + describe(e) + cyclesHint(e), e);
        }
        progress(phase, i + batch.size(), total);
      }
    }

    int[] verify(GraphBackend source, SourceData data, GraphStatistics before) {
      progress(MigrationPhase.VERIFY, 0, 0);
      try {
        GraphStatistics after = await(target.getStatistics());
        List<String> problems = new ArrayList<>();
        compareCount(problems, "memories", before.memoryCount() + data.memories.size(), after.memoryCount());
        compareCount(problems, "relationships", before.relationshipCount() + data.relationships.size(),
            after.relationshipCount());
        compareCount(problems, "current relationships",
            before.currentRelationshipCount() + data.stats.currentRelationshipCount(),
            after.currentRelationshipCount());
        Map<MemoryType, Long> memoriesByType = sum(before.memoriesByType(), data.stats.memoriesByType(), MemoryType.class);
        if (!memoriesByType.equals(after.memoriesByType())) {
          problems.add("memories per type: expected " + memoriesByType + ", found " + after.memoriesByType());
        }
        Map<RelationshipType, Long> relsByType = sum(before.relationshipsByType(),
            data.stats.relationshipsByType(), RelationshipType.class);
        if (!relsByType.equals(after.relationshipsByType())) {
          problems.add("current relationships per type: expected " + relsByType + ", found "
              + after.relationshipsByType());
        }
        if (!problems.isEmpty()) {
          throw fail(Reason.VERIFICATION_FAILED, "verification found different counts in the target ("
              + to + "): " + String.join("; ", problems), null);
        }
        List<Memory> memorySample = sample(data.memories);
        for (Memory expected : memorySample) {
          Optional<Memory> actual = await(target.getMemory(expected.id()));
          mismatch("memory", expected, actual).ifPresent(p -> {
            throw fail(Reason.VERIFICATION_FAILED, "verification failed: " + p, null);
          });
        }
        List<Relationship> relationshipSample = sample(data.relationships);
        for (Relationship expected : relationshipSample) {
          Optional<Relationship> actual = await(target.getRelationship(expected.id()));
          mismatch("relationship", expected, actual).ifPresent(p -> {
            throw fail(Reason.VERIFICATION_FAILED, "verification failed: " + p, null);
          });
        }
        progress(MigrationPhase.VERIFY, memorySample.size() + relationshipSample.size(),
            memorySample.size() + relationshipSample.size());
        return new int[] {memorySample.size(), relationshipSample.size()};
      } catch (MigrationException e) {
        throw e;
      } catch (RuntimeException e) {
        throw fail(Reason.VERIFICATION_FAILED, "reading the target (" + to + ") back failed: " + describe(e), e);
      }
    }

    /** Rolls back, then builds the exception describing the failure and the target's state. */
    private MigrationException fail(Reason reason, String what, Throwable cause) {
      String restored = rollback();
      return new MigrationException(reason, "Migration from " + from + " to " + to + " failed: "
          + what + ". " + restored, restored.startsWith("The target was restored"), List.of(), cause);
    }

    private String rollback() {
      long total = writtenMemories.size() + writtenRelationships.size();
      LOG.warn("Rolling back the migration to {}: deleting the {} relationships and {} memories it wrote",
          to, writtenRelationships.size(), writtenMemories.size());
      progress(MigrationPhase.ROLLBACK, 0, total);
      List<String> left = new ArrayList<>();
      RuntimeException firstError = null;
      long done = 0;
      long deletedMemories = 0;
      long deletedRelationships = 0;
      // Relationships first: deleting a memory cascades, but a relationship whose memory delete
      // failed must not survive either.
      for (String id : writtenRelationships) {
        try {
          deletedRelationships += await(target.deleteRelationship(id)) ? 1 : 0;
        } catch (RuntimeException e) {
          left.add("relationship " + id);
          firstError = firstError == null ? e : firstError;
        }
        progress(MigrationPhase.ROLLBACK, ++done, total);
      }
      for (String id : writtenMemories) {
        try {
          deletedMemories += await(target.deleteMemory(id)) ? 1 : 0;
        } catch (RuntimeException e) {
          left.add("memory " + id);
          firstError = firstError == null ? e : firstError;
        }
        progress(MigrationPhase.ROLLBACK, ++done, total);
      }
      if (left.isEmpty()) {
        // Counts of what was really there: a failed batch was not committed, so its ids are
        // attempted but not found.
        return "The target was restored: the " + deletedMemories + " memories and "
            + deletedRelationships + " relationships this migration wrote were deleted; "
            + "nothing the target held before was touched.";
      }
      LOG.error("Rollback of the migration to {} left {} records behind", to, left.size(), firstError);
      return "The target was NOT fully restored: deleting what this migration wrote failed for "
          + left.size() + " record(s) (" + shown(left) + "): " + describe(firstError)
          + ". Delete those ids by hand.";
    }
  }

  // ---- helpers ----

  /**
   * The records compared field by field: the first, the last and every k-th in id order, with k
   * chosen so that about {@code sampleSize} records are taken. Deterministic, so a failure can
   * be reproduced.
   */
  private <T> List<T> sample(List<T> sorted) {
    int n = sorted.size();
    if (n == 0 || sampleSize == 0) {
      return List.of();
    }
    if (sampleSize >= n) {
      return sorted;
    }
    int step = (n + sampleSize - 1) / sampleSize;
    TreeSet<Integer> indexes = new TreeSet<>();
    for (int i = 0; i < n; i += step) {
      indexes.add(i);
    }
    indexes.add(n - 1);
    List<T> out = new ArrayList<>(indexes.size());
    for (int i : indexes) {
      out.add(sorted.get(i));
    }
    return out;
  }

  /** The first field where the target's record differs from the source's, as a sentence. */
  static <R extends Record> Optional<String> mismatch(String kind, R expected, Optional<R> actual) {
    String id = String.valueOf(component(expected, expected.getClass().getRecordComponents()[0]));
    if (actual.isEmpty()) {
      return Optional.of(kind + " '" + id + "' is missing from the target");
    }
    if (expected.equals(actual.get())) {
      return Optional.empty();
    }
    for (RecordComponent c : expected.getClass().getRecordComponents()) {
      Object e = component(expected, c);
      Object a = component(actual.get(), c);
      if (!Objects.equals(e, a)) {
        return Optional.of(kind + " '" + id + "' differs in " + c.getName() + ": source has " + e
            + ", target has " + a);
      }
    }
    return Optional.of(kind + " '" + id + "' differs from the source");
  }

  private static Object component(Record r, RecordComponent c) {
    try {
      return c.getAccessor().invoke(r);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of a " + r.getClass().getSimpleName(), e);
    }
  }

  private static void compareCount(List<String> problems, String what, long expected, long actual) {
    if (expected != actual) {
      problems.add(what + ": expected " + expected + ", found " + actual);
    }
  }

  private static <K extends Enum<K>> Map<K, Long> sum(Map<K, Long> a, Map<K, Long> b, Class<K> type) {
    EnumMap<K, Long> out = new EnumMap<>(type);
    a.forEach((k, v) -> out.merge(k, v, Long::sum));
    b.forEach((k, v) -> out.merge(k, v, Long::sum));
    return out;
  }

  private static String cyclesHint(Throwable e) {
    return e instanceof ConflictException && String.valueOf(e.getMessage()).contains("cycle")
        ? " (the target forbids same-type cycles, MEMORY_ALLOW_CYCLES=false, and the source holds one;"
            + " allow cycles on the target or remove the cycle from the source)"
        : "";
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return MemoryGraphException.redact(m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
  }

  private void progress(MigrationPhase phase, long done, long total) {
    try {
      listener.onProgress(phase, done, total);
    } catch (RuntimeException e) {
      LOG.warn("A migration progress listener failed (ignored): {}", describe(e));
    }
  }

  /** Builds a {@link GraphMigration}; options are checked as they are set. */
  public static final class Builder {
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int sampleSize = DEFAULT_SAMPLE_SIZE;
    private boolean allowNonEmptyTarget;
    private MigrationListener listener = MigrationListener.NONE;

    private Builder() {}

    /**
     * Records per atomic write batch, 1 to {@value #MAX_BATCH_SIZE} (default {@value #DEFAULT_BATCH_SIZE}).
     *
     * @throws ValidationException naming {@code batch_size} when out of range
     */
    public Builder batchSize(int n) {
      if (n < 1 || n > MAX_BATCH_SIZE) {
        throw new ValidationException("batch_size", "must be between 1 and " + MAX_BATCH_SIZE + " (was " + n + ")");
      }
      this.batchSize = n;
      return this;
    }

    /**
     * How many memories, and how many relationships, verification compares field by field
     * (default {@value #DEFAULT_SAMPLE_SIZE}; 0 checks counts only; at least the whole graph
     * compares everything). The first and last record by id are always among them.
     *
     * @throws ValidationException naming {@code sample_size} when negative
     */
    public Builder sampleSize(int n) {
      if (n < 0) {
        throw new ValidationException("sample_size", "must be 0 or more (was " + n + ")");
      }
      this.sampleSize = n;
      return this;
    }

    /**
     * Whether a target already holding data is accepted (default false: it is refused). When
     * true the source's records are added; an id used on both sides is reported as a conflict
     * before anything is written.
     */
    public Builder allowNonEmptyTarget(boolean allow) {
      this.allowNonEmptyTarget = allow;
      return this;
    }

    /** Receives progress (for a progress bar); default none. */
    public Builder listener(MigrationListener l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /** Builds the migration. */
    public GraphMigration build() {
      return new GraphMigration(this);
    }
  }
}
