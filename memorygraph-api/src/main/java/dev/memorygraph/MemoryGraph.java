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
import dev.memorygraph.spi.AbstractBlockingBackend;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.SyncCapable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The memory graph: the user-facing facade over one {@link GraphBackend}, with blocking methods;
 * {@link #async()} gives the same operations as futures.
 *
 * <p>Thread-safe. Every input is validated once, here or in the records, before the backend sees
 * it. Blocking methods throw the library's unchecked exceptions directly (never
 * {@link CompletionException}).
 *
 * <pre>{@code
 * try (MemoryGraph graph = MemoryGraph.open(backend)) {
 *   Memory problem = graph.store(Memory.builder().type(MemoryType.PROBLEM)
 *       .title("Build fails on JDK 21").content("...").build());
 *   graph.search(SearchQuery.text("jdk build")).items();
 * }
 * }</pre>
 */
public final class MemoryGraph implements AutoCloseable {
  private final AsyncMemoryGraph async;

  private MemoryGraph(GraphBackend backend) {
    this.async = new AsyncMemoryGraph(backend);
  }

  /** Connects the backend, initialises its schema and wraps it. */
  public static MemoryGraph open(GraphBackend backend) {
    MemoryGraph graph = new MemoryGraph(backend);
    try {
      // On this thread, like every facade call: a hand-off to the backend's pool costs more than
      // opening a local store.
      call(backend::connect);
      call(backend::initializeSchema);
    } catch (RuntimeException e) {
      try {
        backend.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return graph;
  }

  /** Wraps a backend that is already connected and initialised. */
  public static MemoryGraph wrap(GraphBackend backend) {
    return new MemoryGraph(backend);
  }

  /** The asynchronous view. */
  public AsyncMemoryGraph async() {
    return async;
  }

  /** The backend underneath. */
  public GraphBackend backend() {
    return async.backend();
  }

  /** Stores (inserts or replaces) a memory; see {@link GraphBackend#storeMemory}. */
  public Memory store(Memory memory) { return call(() -> async.store(memory)); }

  /** Stores many memories in one atomic write; returns how many. */
  public int storeAll(List<Memory> memories) { return call(() -> async.storeAll(memories)); }

  /** The memory with this id, if any. */
  public Optional<Memory> get(String id) { return call(() -> async.get(id)); }

  /** Applies a partial update; empty when the memory does not exist. */
  public Optional<Memory> update(String id, MemoryUpdate update) { return call(() -> async.update(id, update)); }

  /** Deletes a memory and its relationships; false when it did not exist. */
  public boolean delete(String id) { return call(() -> async.delete(id)); }

  /** Searches memories. */
  public Page<Memory> search(SearchQuery query) { return call(() -> async.search(query)); }

  /** Searches memories for text with default paging. */
  public Page<Memory> search(String text) { return call(() -> async.search(SearchQuery.text(text))); }

  /** Streams every memory in id order; returns how many. */
  public long exportMemories(Consumer<? super Memory> sink) { return call(() -> async.exportMemories(sink)); }

  /** Links two memories with the type's defaults. */
  public Relationship link(String fromId, String toId, RelationshipType type) { return call(() -> async.link(fromId, toId, type)); }

  /** Creates a relationship. */
  public Relationship link(Relationship relationship) { return call(() -> async.link(relationship)); }

  /** Creates many relationships atomically; returns how many. */
  public int linkAll(List<Relationship> relationships) { return call(() -> async.linkAll(relationships)); }

  /** The relationship with this id, if any. */
  public Optional<Relationship> relationship(String id) { return call(() -> async.relationship(id)); }

  /** Applies a partial update to a relationship. */
  public Optional<Relationship> updateRelationship(String id, RelationshipUpdate update) { return call(() -> async.updateRelationship(id, update)); }

  /** Deletes a relationship without history; false when it did not exist. */
  public boolean unlink(String id) { return call(() -> async.unlink(id)); }

  /** Ends a relationship's validity now. */
  public Optional<Relationship> invalidate(String id) { return call(() -> async.invalidate(id)); }

  /** Ends a relationship's validity at {@code at} (null = now), naming its successor (or null). */
  public Optional<Relationship> invalidate(String id, Instant at, String invalidatedBy) { return call(() -> async.invalidate(id, at, invalidatedBy)); }

  /** Streams every relationship in id order; returns how many. */
  public long exportRelationships(Consumer<? super Relationship> sink) { return call(() -> async.exportRelationships(sink)); }

  /** Direct neighbours over current edges, both directions. */
  public List<RelatedMemory> related(String id) { return call(() -> async.related(id)); }

  /** Memories reachable from a memory. */
  public List<RelatedMemory> related(String id, TraversalOptions options) { return call(() -> async.related(id, options)); }

  /** A shortest path with default limits. */
  public Optional<MemoryPath> path(String fromId, String toId) { return call(() -> async.path(fromId, toId)); }

  /** A shortest path within limits. */
  public Optional<MemoryPath> path(String fromId, String toId, PathOptions options) { return call(() -> async.path(fromId, toId, options)); }

  /** Every relationship touching a memory, current and invalidated. */
  public List<Relationship> history(String memoryId) { return call(() -> async.history(memoryId)); }

  /** What changed since an instant. */
  public ChangeSet changesSince(Instant since) { return call(() -> async.changesSince(since)); }

  /** Counts over the graph. */
  public GraphStatistics statistics() { return call(() -> async.statistics()); }

  /** Recent activity over the last 7 days. */
  public RecentActivity recentActivity() { return call(() -> async.recentActivity()); }

  /** Recent activity for a window. */
  public RecentActivity recentActivity(RecentActivityQuery query) { return call(() -> async.recentActivity(query)); }

  /** Checks the backend. */
  public HealthStatus health() { return call(() -> async.health()); }

  /** What the backend can do. */
  public Capabilities capabilities() { return async.capabilities(); }

  /** Runs a native query (SQL or Cypher). */
  public List<Map<String, Object>> executeQuery(String query, Map<String, Object> params, boolean write) { return call(() -> async.executeQuery(query, params, write)); }

  /**
   * Synchronises a Turso embedded replica with its primary.
   *
   * @throws UnsupportedCapabilityException when the backend does not synchronise
   */
  public SyncCapable.SyncResult sync() { return call(() -> async.sync()); }

  /**
   * The replica's synchronisation state.
   *
   * @throws UnsupportedCapabilityException when the backend does not synchronise
   */
  public SyncCapable.SyncStatus syncStatus() { return async.syncable().syncStatus(); }

  /** Disconnects the backend. Idempotent. */
  @Override
  public void close() {
    await(backend().disconnect());
  }

  /** Runs a facade call with the backend's work on this thread, then waits for its result. */
  private static <T> T call(java.util.function.Supplier<CompletableFuture<T>> operation) {
    return await(AbstractBlockingBackend.runInline(operation));
  }

  /**
   * Waits for a future and rethrows its failure as the library's unchecked exception.
   *
   * @throws MemoryGraphException (or subclass) when the future failed
   */
  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MemoryGraphException("interrupted while waiting for the backend", e);
    } catch (CancellationException e) {
      throw new MemoryGraphException("operation cancelled", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
        c = c.getCause();
      }
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      if (c instanceof Error) {
        throw (Error) c;
      }
      throw new BackendUnavailableException(String.valueOf(c), c);
    }
  }
}
