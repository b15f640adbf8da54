package dev.memorygraph.factory.migration;

/** The steps of a migration, in the order they run, as reported to a {@link MigrationListener}. */
public enum MigrationPhase {
  /** Reading every memory and relationship from the source and checking them. */
  READ,
  /** Writing memories to the target in batches. */
  WRITE_MEMORIES,
  /** Writing relationships to the target in batches. */
  WRITE_RELATIONSHIPS,
  /** Comparing counts and a sample of records between source and target. */
  VERIFY,
  /** Deleting what the migration wrote after a failure. */
  ROLLBACK
}
