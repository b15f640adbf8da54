package dev.memorygraph.sqlite;

import dev.memorygraph.model.ChangeSet;
import dev.memorygraph.model.GraphStatistics;
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
import dev.memorygraph.spi.AbstractBlockingBackend;
import dev.memorygraph.sqlite.store.SqlGraphStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A backend whose typed operations are those of one {@link SqlGraphStore} (the sqlite backend and
 * every mode of the Turso backend): the operations are forwarded here once, and a subclass only
 * supplies the store and, if its database reports conflicts its own way, {@link #writing}.
 */
public abstract class SqlStoreBackend extends AbstractBlockingBackend {
  /**
   * Creates the backend with its own pool for blocking work.
   *
   * @param threadName prefix of the pool's thread names
   * @param threads the pool's size
   */
  protected SqlStoreBackend(String threadName, int threads) {
    super(threadName, threads);
  }

  /**
   * The connected store.
   *
   * @throws dev.memorygraph.BackendUnavailableException when not connected or closed
   */
  protected abstract SqlGraphStore store();

  /**
   * Runs a store write. The default runs it as is; a subclass may translate its database's
   * errors (e.g. a key clash found only at commit) into the library's exceptions.
   */
  protected <T> T writing(Supplier<T> write) {
    return write.get();
  }

  @Override protected final Memory doStoreMemory(Memory m) { return writing(() -> store().storeMemory(m)); }
  @Override protected final int doStoreMemories(List<Memory> ms) { return writing(() -> store().storeMemories(ms)); }
  @Override protected final Optional<Memory> doGetMemory(String id) { return store().getMemory(id); }
  @Override protected final Optional<Memory> doUpdateMemory(String id, MemoryUpdate u) { return writing(() -> store().updateMemory(id, u)); }
  @Override protected final boolean doDeleteMemory(String id) { return writing(() -> store().deleteMemory(id)); }
  @Override protected final Page<Memory> doSearchMemories(SearchQuery q) { return store().search(q); }
  @Override protected final long doExportMemories(Consumer<? super Memory> sink) { return store().exportMemories(sink); }
  @Override protected final Relationship doCreateRelationship(Relationship r) { return writing(() -> store().createRelationship(r)); }
  @Override protected final int doCreateRelationships(List<Relationship> rs) { return writing(() -> store().createRelationships(rs)); }
  @Override protected final Optional<Relationship> doGetRelationship(String id) { return store().getRelationship(id); }
  @Override protected final Optional<Relationship> doUpdateRelationship(String id, RelationshipUpdate u) { return writing(() -> store().updateRelationship(id, u)); }
  @Override protected final boolean doDeleteRelationship(String id) { return writing(() -> store().deleteRelationship(id)); }
  @Override protected final Optional<Relationship> doInvalidateRelationship(String id, Instant at, String by) { return writing(() -> store().invalidateRelationship(id, at, by)); }
  @Override protected final long doExportRelationships(Consumer<? super Relationship> sink) { return store().exportRelationships(sink); }
  @Override protected final List<RelatedMemory> doGetRelatedMemories(String id, TraversalOptions o) { return store().related(id, o); }
  @Override protected final Optional<MemoryPath> doFindPath(String a, String b, PathOptions o) { return store().findPath(a, b, o); }
  @Override protected final List<Relationship> doGetRelationshipHistory(String id) { return store().history(id); }
  @Override protected final ChangeSet doGetChangesSince(Instant since) { return store().changesSince(since); }
  @Override protected final GraphStatistics doGetStatistics() { return store().statistics(); }
  @Override protected final RecentActivity doGetRecentActivity(RecentActivityQuery q) { return store().recentActivity(q); }
}
