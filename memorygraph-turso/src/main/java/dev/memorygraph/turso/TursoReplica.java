package dev.memorygraph.turso;

import dev.memorygraph.sqlite.store.SqlExecutor;
import dev.memorygraph.sqlite.store.StoreOptions;
import dev.memorygraph.spi.SyncCapable;
import dev.memorygraph.turso.hrana.HranaClient;
import java.util.Map;

/**
 * The seam between {@link TursoBackend} and the embedded-replica engine (package
 * {@code dev.memorygraph.turso.replica}): the backend runs the shared SQL store over the
 * replica's {@link #executor()} and forwards {@code sync()} to it.
 *
 * <p>The engine is found by class name ({@value #FACTORY_CLASS}, a public class with a public
 * no-argument constructor implementing {@link Factory}) so that the backend does not depend on
 * the engine at compile time.
 */
public interface TursoReplica extends AutoCloseable {

  /** The class that creates replicas. */
  String FACTORY_CLASS = "dev.memorygraph.turso.replica.TursoReplicaFactory";

  /**
   * Where the store's statements run: reads on the local replica, writes as the engine decides
   * (forwarded to the primary as one atomic batch, or queued in the outbox while offline).
   */
  SqlExecutor executor();

  /** The store features of the local replica (e.g. a local FTS5 index). */
  StoreOptions storeOptions();

  /** Creates the schema where it belongs (shared tables on the primary, local indexes locally). */
  void initializeSchema();

  /** Push, pull and publish; see {@link SyncCapable#sync()}. */
  SyncCapable.SyncResult sync();

  /** The replica's current state. */
  SyncCapable.SyncStatus status();

  /**
   * A local write waiting in the outbox (not yet applied on the primary).
   *
   * @param entryId the outbox entry id
   * @param operation what the entry does (for people)
   * @param statements how many statements it holds
   * @param lastError the primary's last rejection of it, or null
   */
  record PendingWrite(long entryId, String operation, int statements, String lastError) {}

  /** The outbox, oldest first. */
  default java.util.List<PendingWrite> outbox() {
    throw new dev.memorygraph.UnsupportedCapabilityException("this replica engine does not list its outbox");
  }

  /**
   * Drops outbox entries (for example rejected ones) and restores the local data to the primary's
   * plus the remaining entries.
   *
   * @return how many entries were dropped
   */
  default int dropOutboxEntries(java.util.Collection<Long> entryIds) {
    throw new dev.memorygraph.UnsupportedCapabilityException("this replica engine cannot drop outbox entries");
  }

  /**
   * Marks rejected outbox entries for another push at the next sync.
   *
   * @return how many entries were marked
   */
  default int retryOutboxEntries(java.util.Collection<Long> entryIds) {
    throw new dev.memorygraph.UnsupportedCapabilityException("this replica engine cannot retry outbox entries");
  }

  /** Facts for health checks (revision, outbox size, paths); never secrets. */
  default Map<String, String> details() {
    return Map.of();
  }

  /** Stops background work and closes files; idempotent. */
  @Override
  void close();

  /** Creates a replica engine. */
  interface Factory {
    /**
     * Opens (and, with {@link TursoConfig#autoSync()}, first syncs) the replica.
     *
     * @param config the settings (path = replica directory, url = primary)
     * @param primary a client for the primary, owned by the caller (closed after the replica)
     */
    TursoReplica open(TursoConfig config, HranaClient primary);
  }
}
