package dev.memorygraph.spi;

import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.MemoryGraphException;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Base for backends whose driver blocks (JDBC, Jedis, HTTP): subclasses write plain blocking
 * methods and this class runs them on a thread pool it owns, turning them into the
 * asynchronous {@link GraphBackend} API.
 *
 * <p>Exceptions thrown by the blocking methods complete the future exceptionally; anything that
 * is not a {@link MemoryGraphException} is wrapped in a {@link BackendUnavailableException}
 * whose message is redacted of credentials.
 */
public abstract class AbstractBlockingBackend implements GraphBackend {
  /**
   * Set while a blocking caller is waiting for the result anyway: the call then runs on the
   * caller's thread, saving two thread hand-offs per operation (measured as the main overhead
   * over raw JDBC for sub-millisecond operations).
   */
  private static final ThreadLocal<Boolean> INLINE = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private final ExecutorService executor;

  /**
   * Creates the backend and its pool.
   *
   * @param threadName prefix of the pool's daemon thread names
   * @param threads the pool size
   */
  protected AbstractBlockingBackend(String threadName, int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    this.executor = pool;
  }

  /**
   * Runs {@code action} so that every backend call it makes on this thread executes on this
   * thread instead of the backend's pool. For callers that block on the result anyway, such as
   * the blocking {@link dev.memorygraph.MemoryGraph} methods.
   */
  public static <T> T runInline(Supplier<T> action) {
    if (INLINE.get()) {
      return action.get();
    }
    INLINE.set(Boolean.TRUE);
    try {
      return action.get();
    } finally {
      INLINE.remove();
    }
  }

  /** Runs a blocking call on the backend's pool (or inline, see {@link #runInline}). */
  protected final <T> CompletableFuture<T> submit(Supplier<T> call) {
    if (executor.isShutdown()) {
      return CompletableFuture.failedFuture(new BackendUnavailableException(backendName() + " is closed"));
    }
    if (INLINE.get()) {
      try {
        return CompletableFuture.completedFuture(callWrapped(call));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    try {
      return CompletableFuture.supplyAsync(() -> callWrapped(call), executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new BackendUnavailableException(backendName() + " is closed"));
    }
  }

  private <T> T callWrapped(Supplier<T> call) {
    try {
      return call.get();
    } catch (MemoryGraphException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BackendUnavailableException(backendName() + ": " + e.getMessage(), e);
    }
  }

  /** Runs a blocking action on the backend's pool. */
  protected final CompletableFuture<Void> submitVoid(Runnable call) {
    return submit(() -> {
      call.run();
      return null;
    });
  }

  /** Stops the pool after the running calls; call at the end of {@link #doDisconnect()}. */
  protected final void shutdownExecutor() {
    executor.shutdown();
  }

  /** Opens files or connections. */
  protected abstract void doConnect();

  /** Closes everything; must be idempotent. */
  protected abstract void doDisconnect();

  /** See {@link GraphBackend#executeQuery}. */
  protected abstract List<Map<String, Object>> doExecuteQuery(String query, Map<String, Object> params, boolean write);

  /** See {@link GraphBackend#initializeSchema}. */
  protected abstract void doInitializeSchema();

  /** See {@link GraphBackend#healthCheck}. */
  protected abstract HealthStatus doHealthCheck();

  /** See {@link GraphBackend#storeMemory}. */
  protected abstract Memory doStoreMemory(Memory memory);

  /** See {@link GraphBackend#storeMemories}. */
  protected abstract int doStoreMemories(List<Memory> memories);

  /** See {@link GraphBackend#getMemory}. */
  protected abstract Optional<Memory> doGetMemory(String id);

  /** See {@link GraphBackend#updateMemory}. */
  protected abstract Optional<Memory> doUpdateMemory(String id, MemoryUpdate update);

  /** See {@link GraphBackend#deleteMemory}. */
  protected abstract boolean doDeleteMemory(String id);

  /** See {@link GraphBackend#searchMemories}. */
  protected abstract Page<Memory> doSearchMemories(SearchQuery query);

  /** See {@link GraphBackend#exportMemories}. */
  protected abstract long doExportMemories(Consumer<? super Memory> sink);

  /** See {@link GraphBackend#createRelationship}. */
  protected abstract Relationship doCreateRelationship(Relationship relationship);

  /** See {@link GraphBackend#createRelationships}. */
  protected abstract int doCreateRelationships(List<Relationship> relationships);

  /** See {@link GraphBackend#getRelationship}. */
  protected abstract Optional<Relationship> doGetRelationship(String id);

  /** See {@link GraphBackend#updateRelationship}. */
  protected abstract Optional<Relationship> doUpdateRelationship(String id, RelationshipUpdate update);

  /** See {@link GraphBackend#deleteRelationship}. */
  protected abstract boolean doDeleteRelationship(String id);

  /** See {@link GraphBackend#invalidateRelationship}. */
  protected abstract Optional<Relationship> doInvalidateRelationship(String id, Instant at, String invalidatedBy);

  /** See {@link GraphBackend#exportRelationships}. */
  protected abstract long doExportRelationships(Consumer<? super Relationship> sink);

  /** See {@link GraphBackend#getRelatedMemories}. */
  protected abstract List<RelatedMemory> doGetRelatedMemories(String id, TraversalOptions options);

  /** See {@link GraphBackend#findPath}. */
  protected abstract Optional<MemoryPath> doFindPath(String fromId, String toId, PathOptions options);

  /** See {@link GraphBackend#getRelationshipHistory}. */
  protected abstract List<Relationship> doGetRelationshipHistory(String memoryId);

  /** See {@link GraphBackend#getChangesSince}. */
  protected abstract ChangeSet doGetChangesSince(Instant since);

  /** See {@link GraphBackend#getStatistics}. */
  protected abstract GraphStatistics doGetStatistics();

  /** See {@link GraphBackend#getRecentActivity}. */
  protected abstract RecentActivity doGetRecentActivity(RecentActivityQuery query);

  @Override public final CompletableFuture<Void> connect() { return submitVoid(this::doConnect); }

  @Override
  public final CompletableFuture<Void> disconnect() {
    // Runs on the caller's thread: the pool is being shut down by it.
    try {
      doDisconnect();
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    } finally {
      shutdownExecutor();
    }
  }

  @Override public final CompletableFuture<List<Map<String, Object>>> executeQuery(String q, Map<String, Object> p, boolean w) { return submit(() -> doExecuteQuery(q, p == null ? Map.of() : p, w)); }
  @Override public final CompletableFuture<Void> initializeSchema() { return submitVoid(this::doInitializeSchema); }
  @Override
  public final CompletableFuture<HealthStatus> healthCheck() {
    // The contract: a health check reports a failure as an unhealthy status, it does not throw.
    long start = System.nanoTime();
    return submit(this::doHealthCheck).exceptionally(e -> {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      return new HealthStatus(false, backendName(), null, -1, -1,
          java.time.Duration.ofNanos(System.nanoTime() - start), dev.memorygraph.model.Validation.now(),
          Map.of(), MemoryGraphException.redact(String.valueOf(cause.getMessage())));
    });
  }
  @Override public final CompletableFuture<Memory> storeMemory(Memory m) { return submit(() -> doStoreMemory(m)); }
  @Override public final CompletableFuture<Integer> storeMemories(List<Memory> ms) { return submit(() -> doStoreMemories(List.copyOf(ms))); }
  @Override public final CompletableFuture<Optional<Memory>> getMemory(String id) { return submit(() -> doGetMemory(id)); }
  @Override public final CompletableFuture<Optional<Memory>> updateMemory(String id, MemoryUpdate u) { return submit(() -> doUpdateMemory(id, u)); }
  @Override public final CompletableFuture<Boolean> deleteMemory(String id) { return submit(() -> doDeleteMemory(id)); }
  @Override public final CompletableFuture<Page<Memory>> searchMemories(SearchQuery q) { return submit(() -> doSearchMemories(q)); }
  @Override public final CompletableFuture<Long> exportMemories(Consumer<? super Memory> sink) { return submit(() -> doExportMemories(sink)); }
  @Override public final CompletableFuture<Relationship> createRelationship(Relationship r) { return submit(() -> doCreateRelationship(r)); }
  @Override public final CompletableFuture<Integer> createRelationships(List<Relationship> rs) { return submit(() -> doCreateRelationships(List.copyOf(rs))); }
  @Override public final CompletableFuture<Optional<Relationship>> getRelationship(String id) { return submit(() -> doGetRelationship(id)); }
  @Override public final CompletableFuture<Optional<Relationship>> updateRelationship(String id, RelationshipUpdate u) { return submit(() -> doUpdateRelationship(id, u)); }
  @Override public final CompletableFuture<Boolean> deleteRelationship(String id) { return submit(() -> doDeleteRelationship(id)); }
  @Override public final CompletableFuture<Optional<Relationship>> invalidateRelationship(String id, Instant at, String by) { return submit(() -> doInvalidateRelationship(id, at, by)); }
  @Override public final CompletableFuture<Long> exportRelationships(Consumer<? super Relationship> sink) { return submit(() -> doExportRelationships(sink)); }
  @Override public final CompletableFuture<List<RelatedMemory>> getRelatedMemories(String id, TraversalOptions o) { return submit(() -> doGetRelatedMemories(id, o)); }
  @Override public final CompletableFuture<Optional<MemoryPath>> findPath(String a, String b, PathOptions o) { return submit(() -> doFindPath(a, b, o)); }
  @Override public final CompletableFuture<List<Relationship>> getRelationshipHistory(String id) { return submit(() -> doGetRelationshipHistory(id)); }
  @Override public final CompletableFuture<ChangeSet> getChangesSince(Instant since) { return submit(() -> doGetChangesSince(since)); }
  @Override public final CompletableFuture<GraphStatistics> getStatistics() { return submit(this::doGetStatistics); }
  @Override public final CompletableFuture<RecentActivity> getRecentActivity(RecentActivityQuery q) { return submit(() -> doGetRecentActivity(q)); }
}
