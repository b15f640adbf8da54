package dev.memorygraph.model;

/**
 * One memory reached by a traversal.
 *
 * <p>Traversals report each memory once, at its smallest depth, ordered by depth then memory id.
 * The start memory is never reported.
 *
 * @param memory the memory reached
 * @param relationship the edge that reached it, from a memory at {@code depth - 1}
 * @param depth hops from the start, 1 or more
 * @param direction {@link Direction#OUTGOING} when the edge points from the previous memory to
 *     this one, {@link Direction#INCOMING} when it points back
 */
public record RelatedMemory(Memory memory, Relationship relationship, int depth, Direction direction) {

  /** Checks the components. */
  public RelatedMemory {
    Validation.notNull("memory", memory);
    Validation.notNull("relationship", relationship);
    if (direction == Direction.BOTH) {
      throw new IllegalArgumentException("a reached memory has a single edge direction");
    }
  }

  /** Builds the result, deriving the edge direction from the relationship's endpoints. */
  public static RelatedMemory of(Memory memory, Relationship relationship, int depth) {
    Direction d = relationship.toId().equals(memory.id()) ? Direction.OUTGOING : Direction.INCOMING;
    return new RelatedMemory(memory, relationship, depth, d);
  }

  /** The id of the memory one step closer to the start. */
  public String previousId() {
    return relationship.otherEnd(memory.id());
  }
}
