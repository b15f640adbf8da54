package dev.memorygraph.model;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A summary of the memories created or updated in a recent window.
 *
 * <p>An unresolved problem is a memory of type {@link MemoryType#PROBLEM} or
 * {@link MemoryType#ERROR} updated in the window that no current {@link RelationshipType#SOLVES}
 * or {@link RelationshipType#ADDRESSES} edge points at.
 *
 * @param since start of the window
 * @param totalCount memories created or updated in the window
 * @param countsByType those memories per type
 * @param recentMemories the most recently updated ones, newest first (then id)
 * @param unresolvedProblems unresolved problems in the window, newest first (then id)
 */
public record RecentActivity(Instant since, long totalCount, Map<MemoryType, Long> countsByType,
    List<Memory> recentMemories, List<Memory> unresolvedProblems) {

  /** Copies the collections. */
  public RecentActivity {
    countsByType = countsByType.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new EnumMap<>(countsByType));
    recentMemories = List.copyOf(recentMemories);
    unresolvedProblems = List.copyOf(unresolvedProblems);
  }
}
