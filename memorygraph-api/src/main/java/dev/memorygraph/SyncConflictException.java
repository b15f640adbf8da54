package dev.memorygraph;

import java.util.List;

/**
 * A sync push was rejected by the primary. Nothing was committed there and the local outbox
 * entries are kept; {@link #conflictIds()} names them so that callers can retry or drop them.
 */
public class SyncConflictException extends ConflictException {
  private static final long serialVersionUID = 1L;
  private final List<Long> conflictIds;

  /** Creates the exception for the given outbox entry ids. */
  public SyncConflictException(String message, List<Long> conflictIds) {
    super(message);
    this.conflictIds = List.copyOf(conflictIds);
  }

  /** Ids of the outbox entries that were rejected. */
  public List<Long> conflictIds() {
    return conflictIds;
  }
}
