package dev.memorygraph.model;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * Limits for finding a path between two memories.
 *
 * @param maxDepth longest path in edges, 1..10 (default 5; larger values are clamped)
 * @param direction edge directions allowed along the path (default {@link Direction#BOTH})
 * @param types edge types allowed (empty = all)
 * @param asOf use edges valid at this instant, or null for current edges
 */
public record PathOptions(int maxDepth, Direction direction, Set<RelationshipType> types, Instant asOf) {

  /** Depth 5, both directions, all types, current edges. */
  public static final PathOptions DEFAULT = builder().build();

  /** Validates and clamps. */
  public PathOptions {
    maxDepth = TraversalOptions.clampDepth("max_depth", maxDepth);
    direction = direction == null ? Direction.BOTH : direction;
    types = Validation.enums("types", types, RelationshipType.class);
    asOf = Validation.optionalInstant("as_of", asOf);
  }

  /** The same limits as traversal options, for backends that share a traversal engine. */
  public TraversalOptions asTraversal() {
    return new TraversalOptions(maxDepth, direction, types, asOf, SearchQuery.MAX_LIMIT);
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link PathOptions}. */
  public static final class Builder {
    private int maxDepth = 5;
    private Direction direction = Direction.BOTH;
    private Set<RelationshipType> types = Set.of();
    private Instant asOf;

    private Builder() {}

    /** Sets the longest path. */
    public Builder maxDepth(int v) { this.maxDepth = v; return this; }
    /** Sets the allowed direction. */
    public Builder direction(Direction v) { this.direction = v; return this; }
    /** Allows only these types. */
    public Builder types(Collection<RelationshipType> v) { this.types = Validation.enums("types", v, RelationshipType.class); return this; }
    /** Allows only these types. */
    public Builder types(RelationshipType... v) { this.types = Validation.enums("types", RelationshipType.class, v); return this; }
    /** Uses the edges valid at this instant. */
    public Builder asOf(Instant v) { this.asOf = v; return this; }

    /** Validates and builds. */
    public PathOptions build() {
      return new PathOptions(maxDepth, direction, types, asOf);
    }
  }
}
