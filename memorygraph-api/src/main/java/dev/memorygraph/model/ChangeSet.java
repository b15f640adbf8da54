package dev.memorygraph.model;

import java.time.Instant;
import java.util.List;

/**
 * What changed in the graph since an instant.
 *
 * <p>Memories: those with {@code updatedAt >= since} (creations and updates), oldest change first,
 * then by id. Relationships: those recorded at or after {@code since}, or whose validity ended at
 * or after it (invalidations), ordered by the later of the two, then id. Deletions are not
 * tracked. At most {@value #MAX_ITEMS} of each kind are returned; {@code truncated} says whether
 * more exist.
 *
 * @param since the instant asked about
 * @param memories memories created or updated since then
 * @param relationships relationships recorded or invalidated since then
 * @param truncated true when a list was cut at {@value #MAX_ITEMS}
 */
public record ChangeSet(Instant since, List<Memory> memories, List<Relationship> relationships, boolean truncated) {

  /** Most items of each kind in one change set. */
  public static final int MAX_ITEMS = 10_000;

  /** Copies the lists. */
  public ChangeSet {
    memories = List.copyOf(memories);
    relationships = List.copyOf(relationships);
  }

  /** True when nothing changed. */
  public boolean isEmpty() {
    return memories.isEmpty() && relationships.isEmpty();
  }
}
