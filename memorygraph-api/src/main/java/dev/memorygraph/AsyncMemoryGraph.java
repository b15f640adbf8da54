package dev.memorygraph;

import dev.memorygraph.model.Capabilities;
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
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.RelationshipUpdate;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.model.TraversalOptions;
import dev.memorygraph.model.Validation;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.SyncCapable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The asynchronous view of a {@link MemoryGraph}: the same operations, returning futures.
 *
 * <p>Every argument is validated before the backend is called; invalid input yields a future
 * failed with a {@link ValidationException} naming the field, and nothing is written.
 */
public final class AsyncMemoryGraph {
  private final GraphBackend backend;

  AsyncMemoryGraph(GraphBackend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
  }

  /** The backend underneath. */
  public GraphBackend backend() {
    return backend;
  }

  /** Stores (inserts or replaces) a memory. */
  public CompletableFuture<Memory> store(Memory memory) {
    return guard(() -> backend.storeMemory(Validation.notNull("memory", memory)));
  }

  /** Stores many memories in one atomic write; returns how many. */
  public CompletableFuture<Integer> storeAll(List<Memory> memories) {
    return guard(() -> {
      Validation.notNull("memories", memories);
      memories.forEach(m -> Validation.notNull("memories[]", m));
      return backend.storeMemories(memories);
    });
  }

  /** The memory with this id, if any. */
  public CompletableFuture<Optional<Memory>> get(String id) {
    return guard(() -> backend.getMemory(Validation.id("id", id)));
  }

  /** Applies a partial update; empty when the memory does not exist. */
  public CompletableFuture<Optional<Memory>> update(String id, MemoryUpdate update) {
    return guard(() -> backend.updateMemory(Validation.id("id", id), Validation.notNull("update", update)));
  }

  /** Deletes a memory and its relationships; false when it did not exist. */
  public CompletableFuture<Boolean> delete(String id) {
    return guard(() -> backend.deleteMemory(Validation.id("id", id)));
  }

  /** Searches memories. */
  public CompletableFuture<Page<Memory>> search(SearchQuery query) {
    return guard(() -> backend.searchMemories(Validation.notNull("query", query)));
  }

  /** Streams every memory in id order; returns how many. */
  public CompletableFuture<Long> exportMemories(Consumer<? super Memory> sink) {
    return guard(() -> backend.exportMemories(Validation.notNull("sink", sink)));
  }

  /** Links two memories with the type's default strength and confidence. */
  public CompletableFuture<Relationship> link(String fromId, String toId, RelationshipType type) {
    return guard(() -> backend.createRelationship(Relationship.builder(fromId, toId, type).build()));
  }

  /** Creates a relationship. */
  public CompletableFuture<Relationship> link(Relationship relationship) {
    return guard(() -> backend.createRelationship(Validation.notNull("relationship", relationship)));
  }

  /** Creates many relationships atomically; returns how many. */
  public CompletableFuture<Integer> linkAll(List<Relationship> relationships) {
    return guard(() -> {
      Validation.notNull("relationships", relationships);
      relationships.forEach(r -> Validation.notNull("relationships[]", r));
      return backend.createRelationships(relationships);
    });
  }

  /** The relationship with this id, if any. */
  public CompletableFuture<Optional<Relationship>> relationship(String id) {
    return guard(() -> backend.getRelationship(Validation.id("id", id)));
  }

  /** Applies a partial update to a relationship. */
  public CompletableFuture<Optional<Relationship>> updateRelationship(String id, RelationshipUpdate update) {
    return guard(() -> backend.updateRelationship(Validation.id("id", id), Validation.notNull("update", update)));
  }

  /** Deletes a relationship without keeping history; false when it did not exist. */
  public CompletableFuture<Boolean> unlink(String id) {
    return guard(() -> backend.deleteRelationship(Validation.id("id", id)));
  }

  /** Ends a relationship's validity now, keeping it for history. */
  public CompletableFuture<Optional<Relationship>> invalidate(String id) {
    return invalidate(id, null, null);
  }

  /** Ends a relationship's validity at {@code at} (null = now), naming its successor (or null). */
  public CompletableFuture<Optional<Relationship>> invalidate(String id, Instant at, String invalidatedBy) {
    return guard(() -> backend.invalidateRelationship(Validation.id("id", id),
        Validation.optionalInstant("at", at), Validation.optionalId("invalidated_by", invalidatedBy)));
  }

  /** Streams every relationship in id order; returns how many. */
  public CompletableFuture<Long> exportRelationships(Consumer<? super Relationship> sink) {
    return guard(() -> backend.exportRelationships(Validation.notNull("sink", sink)));
  }

  /** Direct neighbours over current edges in both directions. */
  public CompletableFuture<List<RelatedMemory>> related(String id) {
    return related(id, TraversalOptions.DEFAULT);
  }

  /** Memories reachable from a memory. */
  public CompletableFuture<List<RelatedMemory>> related(String id, TraversalOptions options) {
    return guard(() -> backend.getRelatedMemories(Validation.id("id", id), Validation.notNull("options", options)));
  }

  /** A shortest path with default limits. */
  public CompletableFuture<Optional<MemoryPath>> path(String fromId, String toId) {
    return path(fromId, toId, PathOptions.DEFAULT);
  }

  /** A shortest path within the given limits. */
  public CompletableFuture<Optional<MemoryPath>> path(String fromId, String toId, PathOptions options) {
    return guard(() -> backend.findPath(Validation.id("from_id", fromId), Validation.id("to_id", toId),
        Validation.notNull("options", options)));
  }

  /** Every relationship touching a memory, current and invalidated. */
  public CompletableFuture<List<Relationship>> history(String memoryId) {
    return guard(() -> backend.getRelationshipHistory(Validation.id("memory_id", memoryId)));
  }

  /** What changed since an instant. */
  public CompletableFuture<ChangeSet> changesSince(Instant since) {
    return guard(() -> backend.getChangesSince(Validation.instant("since", since)));
  }

  /** Counts over the graph. */
  public CompletableFuture<GraphStatistics> statistics() {
    return guard(backend::getStatistics);
  }

  /** Recent activity for the default window (7 days). */
  public CompletableFuture<RecentActivity> recentActivity() {
    return recentActivity(RecentActivityQuery.DEFAULT);
  }

  /** Recent activity for a window. */
  public CompletableFuture<RecentActivity> recentActivity(RecentActivityQuery query) {
    return guard(() -> backend.getRecentActivity(Validation.notNull("query", query)));
  }

  /** Checks the backend. */
  public CompletableFuture<HealthStatus> health() {
    return guard(backend::healthCheck);
  }

  /** What the backend can do. */
  public Capabilities capabilities() {
    return backend.capabilities();
  }

  /** Runs a native query (SQL or Cypher) with parameters. */
  public CompletableFuture<List<Map<String, Object>>> executeQuery(String query, Map<String, Object> params, boolean write) {
    return guard(() -> backend.executeQuery(Validation.notNull("query", query), params == null ? Map.of() : params, write));
  }

  /**
   * Synchronises a replica with its primary.
   *
   * @throws UnsupportedCapabilityException (in the future) when the backend does not sync
   */
  public CompletableFuture<SyncCapable.SyncResult> sync() {
    return guard(() -> syncable().sync());
  }

  SyncCapable syncable() {
    if (backend instanceof SyncCapable) {
      return (SyncCapable) backend;
    }
    throw new UnsupportedCapabilityException("backend '" + backend.backendName()
        + "' does not synchronise: only Turso embedded replicas do");
  }

  private static <T> CompletableFuture<T> guard(Supplier<CompletableFuture<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
