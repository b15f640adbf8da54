package dev.memorygraph.model;

import java.util.List;

/**
 * A shortest path: memories from start to end and the edges between consecutive ones.
 * {@code relationships.get(i)} joins {@code memories.get(i)} and {@code memories.get(i + 1)},
 * in whichever direction the edge points.
 *
 * @param memories the memories along the path, start first
 * @param relationships the edges, one fewer than memories
 */
public record MemoryPath(List<Memory> memories, List<Relationship> relationships) {

  /** Copies and checks the shape. */
  public MemoryPath {
    memories = List.copyOf(memories);
    relationships = List.copyOf(relationships);
    if (memories.isEmpty() || relationships.size() != memories.size() - 1) {
      throw new IllegalArgumentException("a path has n memories and n - 1 relationships");
    }
  }

  /** The number of edges. */
  public int length() {
    return relationships.size();
  }
}
