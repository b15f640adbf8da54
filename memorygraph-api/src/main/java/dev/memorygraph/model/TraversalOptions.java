package dev.memorygraph.model;

import dev.memorygraph.ValidationException;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * How far and along which edges a traversal from one memory goes.
 *
 * <p>Depth below 1 is rejected; depth above {@value #MAX_DEPTH} is clamped to it, so a caller
 * asking for "everything" gets the deepest allowed traversal rather than an error. Only current
 * edges are followed unless {@code asOf} is set, in which case the edges valid at that instant
 * are followed (invalidated ones included if they were valid then).
 *
 * @param maxDepth hops to follow, 1..10 (default 1)
 * @param direction which edges to follow (default {@link Direction#BOTH})
 * @param types follow only these types (empty = all)
 * @param asOf follow edges valid at this instant, or null for current edges
 * @param limit most memories returned, 1..1000 (default 100)
 */
public record TraversalOptions(int maxDepth, Direction direction, Set<RelationshipType> types,
    Instant asOf, int limit) {

  /** Deepest traversal. */
  public static final int MAX_DEPTH = 10;
  /** Default number of memories returned. */
  public static final int DEFAULT_LIMIT = 100;
  /** Depth 1, both directions, all types, current edges, limit 100. */
  public static final TraversalOptions DEFAULT = builder().build();

  /** Validates and clamps. */
  public TraversalOptions {
    maxDepth = clampDepth("max_depth", maxDepth);
    direction = direction == null ? Direction.BOTH : direction;
    types = Validation.enums("types", types, RelationshipType.class);
    asOf = Validation.optionalInstant("as_of", asOf);
    Validation.range("limit", limit, 1, SearchQuery.MAX_LIMIT);
  }

  /** Rejects depths below 1 and clamps depths above {@value #MAX_DEPTH}. */
  public static int clampDepth(String field, int depth) {
    if (depth < 1) {
      throw new ValidationException(field, "must be at least 1 (was " + depth + ")");
    }
    return Math.min(depth, MAX_DEPTH);
  }

  /** Whether an edge may be followed under these options (type and validity). */
  public boolean follows(Relationship r) {
    if (!types.isEmpty() && !types.contains(r.type())) {
      return false;
    }
    return asOf == null ? r.isCurrent() : r.isValidAt(asOf);
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link TraversalOptions}. */
  public static final class Builder {
    private int maxDepth = 1;
    private Direction direction = Direction.BOTH;
    private Set<RelationshipType> types = Set.of();
    private Instant asOf;
    private int limit = DEFAULT_LIMIT;

    private Builder() {}

    /** Sets the depth (1..10; larger values are clamped to 10). */
    public Builder maxDepth(int v) { this.maxDepth = v; return this; }
    /** Sets the direction. */
    public Builder direction(Direction v) { this.direction = v; return this; }
    /** Follows only these types. */
    public Builder types(Collection<RelationshipType> v) { this.types = Validation.enums("types", v, RelationshipType.class); return this; }
    /** Follows only these types. */
    public Builder types(RelationshipType... v) { this.types = Validation.enums("types", RelationshipType.class, v); return this; }
    /** Follows the edges valid at this instant. */
    public Builder asOf(Instant v) { this.asOf = v; return this; }
    /** Sets the most memories returned. */
    public Builder limit(int v) { this.limit = v; return this; }

    /** Validates and builds. */
    public TraversalOptions build() {
      return new TraversalOptions(maxDepth, direction, types, asOf, limit);
    }
  }
}
