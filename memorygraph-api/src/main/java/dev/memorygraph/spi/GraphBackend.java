package dev.memorygraph.spi;

import dev.memorygraph.model.Capabilities;
import dev.memorygraph.model.Capability;
import dev.memorygraph.model.ChangeSet;
import dev.memorygraph.model.GraphStatistics;
import dev.memorygraph.model.HealthStatus;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryPath;
import dev.memorygraph.model.MemoryUpdate;
import dev.memorygraph.model.Page;
import dev.memorygraph.model.PathOptions;
import dev.memorygraph.model.RecentActivity;
import dev.memorygraph.model.RecentActivityQuery;
import dev.memorygraph.model.RelatedMemory;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipUpdate;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.model.TraversalOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The service provider interface every database implements: lifecycle, a native-query escape
 * hatch, and the typed memory operations, all asynchronous.
 *
 * <p><b>Arguments.</b> Records validate themselves on construction; string ids and instants are
 * validated by the {@link dev.memorygraph.MemoryGraph} facade before they reach a backend.
 * Backends may rely on that and must still pass every user value as a query parameter, never as
 * query text (only enum names and clamped integers may be spliced into query text).
 *
 * <p><b>Failures.</b> Futures complete exceptionally with a
 * {@link dev.memorygraph.MemoryGraphException} subclass; driver errors are wrapped with the
 * cause kept and credentials removed.
 *
 * <p><b>Contract.</b> The behaviour every implementation must show is fixed by the
 * {@code memorygraph-tck} suite; the javadoc of each record states the shared rules (order,
 * defaults, clamps).
 */
public interface GraphBackend extends AutoCloseable {

  // ---- lifecycle and the seed interface ----

  /** Opens connections or files. Calling it twice is harmless. */
  CompletableFuture<Void> connect();

  /** Releases everything; idempotent, and safe to call without {@link #connect()}. */
  CompletableFuture<Void> disconnect();

  /**
   * Runs a query in the backend's own language (SQL or Cypher), with named or positional
   * parameters as that language expects. An escape hatch: results are rows of column name to
   * plain Java value.
   *
   * @param query the native query
   * @param params parameters, never interpolated into the query text
   * @param write whether the query writes (routes to the writer / a write transaction)
   */
  CompletableFuture<List<Map<String, Object>>> executeQuery(String query, Map<String, Object> params, boolean write);

  /** Creates tables, indexes and constraints that are missing; idempotent. */
  CompletableFuture<Void> initializeSchema();

  /** Checks the backend end to end; completes normally even when unhealthy. */
  CompletableFuture<HealthStatus> healthCheck();

  /** The backend's stable name, as used in {@code MEMORY_BACKEND}. */
  String backendName();

  /** What this backend can and cannot do, with reasons. */
  Capabilities capabilities();

  /** Whether text search uses an index. */
  default boolean supportsFulltextSearch() {
    return capabilities().supports(Capability.FULLTEXT_SEARCH);
  }

  /** Whether multi-statement writes are atomic. */
  default boolean supportsTransactions() {
    return capabilities().supports(Capability.TRANSACTIONS);
  }

  // ---- memories ----

  /**
   * Stores a memory, inserting it or replacing the one with the same id, atomically.
   * On replace the creation time is kept, {@code updatedAt} becomes now and the version is the
   * old one plus one (see {@link WriteRules#upsert}). A new memory is stored exactly as given.
   *
   * @return the memory as stored
   */
  CompletableFuture<Memory> storeMemory(Memory memory);

  /**
   * Stores many memories in one atomic write, with the same rules as {@link #storeMemory}.
   *
   * @return how many were stored
   */
  CompletableFuture<Integer> storeMemories(List<Memory> memories);

  /** The memory with this id, empty when there is none. */
  CompletableFuture<Optional<Memory>> getMemory(String id);

  /** Applies a partial update atomically; empty when the memory does not exist. */
  CompletableFuture<Optional<Memory>> updateMemory(String id, MemoryUpdate update);

  /** Deletes a memory and every relationship touching it; false when it did not exist. */
  CompletableFuture<Boolean> deleteMemory(String id);

  /** Searches memories; see {@link SearchQuery} for matching and order. */
  CompletableFuture<Page<Memory>> searchMemories(SearchQuery query);

  /** Streams every memory, in id order, to the consumer; returns how many. */
  CompletableFuture<Long> exportMemories(Consumer<? super Memory> sink);

  // ---- relationships ----

  /**
   * Creates a relationship. Fails with {@link dev.memorygraph.NotFoundException} when an end is
   * missing, {@link dev.memorygraph.ConflictException} when the id exists or the cycle policy
   * forbids it. Duplicate edges (same ends and type, another id) are allowed.
   */
  CompletableFuture<Relationship> createRelationship(Relationship relationship);

  /** Creates many relationships atomically, with the same checks. Returns how many. */
  CompletableFuture<Integer> createRelationships(List<Relationship> relationships);

  /** The relationship with this id, current or not; empty when there is none. */
  CompletableFuture<Optional<Relationship>> getRelationship(String id);

  /** Applies a partial update; empty when the relationship does not exist. */
  CompletableFuture<Optional<Relationship>> updateRelationship(String id, RelationshipUpdate update);

  /** Deletes a relationship outright (no history kept); false when it did not exist. */
  CompletableFuture<Boolean> deleteRelationship(String id);

  /**
   * Ends a relationship's validity at {@code at}, keeping it for history. Invalidating an already
   * invalidated relationship changes nothing and returns it as it is.
   *
   * @param at when it stopped holding (not before its validFrom)
   * @param invalidatedBy the superseding relationship's id, or null
   * @return the relationship after the change; empty when it does not exist
   */
  CompletableFuture<Optional<Relationship>> invalidateRelationship(String id, Instant at, String invalidatedBy);

  /** Streams every relationship, current and not, in id order; returns how many. */
  CompletableFuture<Long> exportRelationships(Consumer<? super Relationship> sink);

  // ---- graph ----

  /** Memories reachable from a memory; empty when it does not exist. See {@link RelatedMemory}. */
  CompletableFuture<List<RelatedMemory>> getRelatedMemories(String id, TraversalOptions options);

  /** A shortest path between two memories within the options' limits, empty when none. */
  CompletableFuture<Optional<MemoryPath>> findPath(String fromId, String toId, PathOptions options);

  /**
   * Every relationship touching a memory, current and invalidated, ordered by validFrom, then
   * recordedAt, then id.
   */
  CompletableFuture<List<Relationship>> getRelationshipHistory(String memoryId);

  /** What was created, updated or invalidated since an instant; see {@link ChangeSet}. */
  CompletableFuture<ChangeSet> getChangesSince(Instant since);

  /** Counts over the graph. */
  CompletableFuture<GraphStatistics> getStatistics();

  /** A summary of recent activity; see {@link RecentActivity}. */
  CompletableFuture<RecentActivity> getRecentActivity(RecentActivityQuery query);

  /** Same as {@link #disconnect()}, waiting for it. */
  @Override
  default void close() {
    disconnect().join();
  }
}
