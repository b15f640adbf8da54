package dev.memorygraph.factory.migration;

import dev.memorygraph.MemoryGraphException;
import java.util.List;
import java.util.Objects;

/**
 * A migration failed. {@link #reason()} says at which step; {@link #targetRestored()} says whether
 * the target is as it was before the migration (nothing written, or everything written deleted
 * again). The message says both in words, and the cause (a write error) is kept.
 */
public class MigrationException extends MemoryGraphException {
  private static final long serialVersionUID = 1L;

  /** Why a migration failed. */
  public enum Reason {
    /** The source's records are inconsistent (a relationship to a missing memory, a count that changed). */
    SOURCE_INVALID,
    /** The target already holds data and merging was not allowed. Nothing was written. */
    TARGET_NOT_EMPTY,
    /** Merging: ids of the source are already used in the target. Nothing was written. */
    ID_CONFLICT,
    /** The target refused or failed a write (for example a cycle it forbids). */
    WRITE_FAILED,
    /** The target does not hold what was written. */
    VERIFICATION_FAILED
  }

  private final Reason reason;
  private final boolean targetRestored;
  private final transient List<String> conflictingIds;

  /**
   * Creates the exception.
   *
   * @param reason the failed step
   * @param message what failed and in what state the target is
   * @param targetRestored whether the target is as before the migration
   * @param conflictingIds ids already used in the target (for {@link Reason#ID_CONFLICT}), else empty
   * @param cause the underlying failure, or null
   */
  public MigrationException(Reason reason, String message, boolean targetRestored,
      List<String> conflictingIds, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.targetRestored = targetRestored;
    this.conflictingIds = List.copyOf(conflictingIds);
  }

  /** The step that failed. */
  public Reason reason() {
    return reason;
  }

  /** Whether the target holds exactly what it held before the migration started. */
  public boolean targetRestored() {
    return targetRestored;
  }

  /** The memory and relationship ids of the source already used in the target, sorted. */
  public List<String> conflictingIds() {
    return conflictingIds == null ? List.of() : conflictingIds;
  }
}
