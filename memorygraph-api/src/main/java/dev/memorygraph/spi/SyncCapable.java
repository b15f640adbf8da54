package dev.memorygraph.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A backend that keeps a local replica of a remote primary and synchronises on demand. */
public interface SyncCapable {

  /**
   * Pushes local changes, pulls the primary's changes, and publishes them locally. Safe to call
   * from any thread; concurrent calls are serialised.
   */
  CompletableFuture<SyncResult> sync();

  /** The replica's current synchronisation state. */
  SyncStatus syncStatus();

  /**
   * What one sync did.
   *
   * @param pushed outbox entries applied on the primary
   * @param pulledPages pages (or rows) pulled from the primary
   * @param revision the primary's revision after the pull
   * @param duration how long the sync took
   * @param conflicts entries the primary rejected (kept in the outbox)
   */
  record SyncResult(int pushed, long pulledPages, String revision, Duration duration, List<SyncConflict> conflicts) {
    /** Copies the conflicts. */
    public SyncResult {
      conflicts = List.copyOf(conflicts);
    }
  }

  /**
   * The replica's state.
   *
   * @param mode the backend mode (e.g. {@code replica})
   * @param revision the last pulled revision, or null before the first pull
   * @param lastSuccess when the last sync succeeded, or null
   * @param outboxSize local writes not yet pushed
   * @param lastError the last sync error's message, or null
   */
  record SyncStatus(String mode, String revision, Instant lastSuccess, long outboxSize, String lastError) {}

  /**
   * An outbox entry the primary rejected.
   *
   * @param entryId the outbox entry id
   * @param operation what the entry does
   * @param error the primary's error message
   */
  record SyncConflict(long entryId, String operation, String error) {}
}
