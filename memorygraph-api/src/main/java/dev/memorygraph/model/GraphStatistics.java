package dev.memorygraph.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts over the whole graph.
 *
 * @param memoryCount memories stored
 * @param relationshipCount relationships stored, current and invalidated
 * @param currentRelationshipCount relationships not invalidated
 * @param memoriesByType memories per type (types with none are absent)
 * @param relationshipsByType current relationships per type (types with none are absent)
 * @param averageImportance mean importance, 0 when empty
 */
public record GraphStatistics(long memoryCount, long relationshipCount, long currentRelationshipCount,
    Map<MemoryType, Long> memoriesByType, Map<RelationshipType, Long> relationshipsByType,
    double averageImportance) {

  /** Copies the maps into enum order. */
  public GraphStatistics {
    memoriesByType = memoriesByType.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new EnumMap<>(memoriesByType));
    relationshipsByType = relationshipsByType.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new EnumMap<>(relationshipsByType));
  }
}
