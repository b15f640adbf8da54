package dev.memorygraph.turso.replica;

import dev.memorygraph.turso.hrana.HranaStatement;
import java.time.Instant;
import java.util.List;

/**
 * A local write not yet applied on the primary.
 *
 * @param id the entry id (increasing in write order)
 * @param operation a short description of the write (e.g. {@code storeMemory})
 * @param statements the statements, replayed in order
 * @param createdAt when the write was made
 * @param conflictError the primary's error if it rejected this entry, or null
 */
public record OutboxEntry(long id, String operation, List<HranaStatement> statements, Instant createdAt, String conflictError) {
  /** Copies the statements. */
  public OutboxEntry {
    statements = List.copyOf(statements);
  }

  /** Whether the primary rejected this entry at the last push. */
  public boolean inConflict() {
    return conflictError != null;
  }
}
