package dev.memorygraph.cli;

import dev.memorygraph.ConflictException;
import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.ValidationException;
import dev.memorygraph.factory.migration.MigrationException;

/**
 * The process exit codes of the {@code memorygraph} command, stable for scripts.
 *
 * <ul>
 *   <li>{@value #OK}: success</li>
 *   <li>{@value #NOT_FOUND}: a memory, relationship or path asked for does not exist</li>
 *   <li>{@value #USAGE}: bad command line or invalid input (the message names the field);
 *       also a write the graph refuses (id already used, forbidden cycle) and a migration the
 *       target refuses (not empty, conflicting ids, forbidden cycle)</li>
 *   <li>{@value #BACKEND}: the database failed or is unreachable, or an unexpected error</li>
 * </ul>
 */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;
  /** Something asked for does not exist. */
  public static final int NOT_FOUND = 1;
  /** Usage or validation error. */
  public static final int USAGE = 2;
  /** Backend (database) error. */
  public static final int BACKEND = 3;

  private ExitCodes() {}

  /**
   * Whether a migration failed because the data or the target's rules refused it (a non-empty
   * target, conflicting ids, a write the target rejects such as a forbidden cycle) rather than
   * because a database failed.
   */
  private static boolean refused(MigrationException e) {
    switch (e.reason()) {
      case TARGET_NOT_EMPTY:
      case ID_CONFLICT:
        return true;
      case WRITE_FAILED:
        return e.getCause() instanceof ConflictException || e.getCause() instanceof ValidationException;
      default:
        return false;
    }
  }

  /** The exit code for a failure. */
  public static int of(Throwable e) {
    if (e instanceof MigrationException) {
      return refused((MigrationException) e) ? USAGE : BACKEND;
    }
    if (e instanceof NotFoundException) {
      return NOT_FOUND;
    }
    if (e instanceof ValidationException || e instanceof ConflictException
        || e instanceof IllegalArgumentException) {
      return USAGE;
    }
    return BACKEND;
  }

  /** A short machine-readable kind for {@code --json} error output. */
  public static String kind(Throwable e) {
    if (e instanceof MigrationException) {
      return refused((MigrationException) e) ? "conflict" : "backend";
    }
    if (e instanceof NotFoundException) {
      return "not_found";
    }
    if (e instanceof ValidationException) {
      return "validation";
    }
    if (e instanceof ConflictException) {
      return "conflict";
    }
    if (e instanceof IllegalArgumentException) {
      return "usage";
    }
    if (e instanceof MemoryGraphException) {
      return "backend";
    }
    return "internal";
  }
}
