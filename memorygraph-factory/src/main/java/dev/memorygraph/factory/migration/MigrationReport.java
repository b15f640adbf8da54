package dev.memorygraph.factory.migration;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of a successful, verified migration.
 *
 * @param sourceBackend the source backend's name
 * @param targetBackend the target backend's name
 * @param memories memories copied
 * @param relationships relationships copied, current and invalidated
 * @param currentRelationships of those, the ones not invalidated (per the source's statistics)
 * @param duration wall time from the first read to the end of verification
 * @param verifiedMemories memories compared field by field with the source
 * @param verifiedRelationships relationships compared field by field with the source
 */
public record MigrationReport(String sourceBackend, String targetBackend, long memories,
    long relationships, long currentRelationships, Duration duration, int verifiedMemories,
    int verifiedRelationships) {

  /** Checks that names and duration are present. */
  public MigrationReport {
    Objects.requireNonNull(sourceBackend, "sourceBackend");
    Objects.requireNonNull(targetBackend, "targetBackend");
    Objects.requireNonNull(duration, "duration");
  }

  /** How many records in all were compared field by field. */
  public int verifiedSampleSize() {
    return verifiedMemories + verifiedRelationships;
  }
}
