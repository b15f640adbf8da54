package dev.memorygraph.factory.migration;

/**
 * Receives progress from a running {@link GraphMigration}, on the migrating thread.
 *
 * <p>During {@link MigrationPhase#WRITE_MEMORIES} and {@link MigrationPhase#WRITE_RELATIONSHIPS}
 * {@code done} counts the records written so far in that phase and {@code total} how many that
 * phase writes; the other phases report their start ({@code done} 0) and end. An exception thrown
 * by a listener is logged and otherwise ignored, so a broken progress display cannot fail or
 * roll back a migration.
 */
@FunctionalInterface
public interface MigrationListener {
  /** A listener that ignores everything. */
  MigrationListener NONE = (phase, done, total) -> { };

  /**
   * Called when a phase starts, after each batch, and when a phase ends.
   *
   * @param phase the current step
   * @param done records finished in this phase
   * @param total records this phase handles
   */
  void onProgress(MigrationPhase phase, long done, long total);
}
