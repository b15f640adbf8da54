package dev.memorygraph.model;

import static dev.memorygraph.model.RelationshipCategory.CAUSAL;
import static dev.memorygraph.model.RelationshipCategory.CONTEXT;
import static dev.memorygraph.model.RelationshipCategory.LEARNING;
import static dev.memorygraph.model.RelationshipCategory.QUALITY;
import static dev.memorygraph.model.RelationshipCategory.SIMILARITY;
import static dev.memorygraph.model.RelationshipCategory.SOLUTION;
import static dev.memorygraph.model.RelationshipCategory.WORKFLOW;

import dev.memorygraph.ValidationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The 35 relationship types, in 7 categories, each with a default strength and confidence.
 *
 * <p>A bidirectional type means the same thing read either way (A SIMILAR_TO B implies B
 * SIMILAR_TO A); its {@link #inverse()} is itself. Directed types name their inverse where one of
 * the 35 types expresses it. The enum {@link #name()} is the only text ever placed in a query.
 */
public enum RelationshipType {
  /** A causes B. */
  CAUSES(CAUSAL, 0.8, 0.8, false, null),
  /** A triggers B. */
  TRIGGERS(CAUSAL, 0.7, 0.8, false, null),
  /** A leads to B. */
  LEADS_TO(CAUSAL, 0.6, 0.7, false, null),
  /** A prevents B. */
  PREVENTS(CAUSAL, 0.7, 0.7, false, null),
  /** A breaks B. */
  BREAKS(CAUSAL, 0.8, 0.8, false, null),

  /** A solves B. */
  SOLVES(SOLUTION, 0.9, 0.8, false, null),
  /** A addresses B (partly solves it). */
  ADDRESSES(SOLUTION, 0.7, 0.7, false, null),
  /** A is an alternative to B. */
  ALTERNATIVE_TO(SOLUTION, 0.6, 0.7, true, null),
  /** A improves B. */
  IMPROVES(SOLUTION, 0.7, 0.7, false, null),
  /** A replaces B. */
  REPLACES(SOLUTION, 0.8, 0.8, false, "DEPRECATED_BY"),

  /** A occurs in B. */
  OCCURS_IN(CONTEXT, 0.6, 0.8, false, null),
  /** A applies to B. */
  APPLIES_TO(CONTEXT, 0.6, 0.7, false, null),
  /** A works with B. */
  WORKS_WITH(CONTEXT, 0.6, 0.7, true, null),
  /** A requires B. */
  REQUIRES(CONTEXT, 0.8, 0.8, false, null),
  /** A is used in B. */
  USED_IN(CONTEXT, 0.6, 0.8, false, null),

  /** A builds on B. */
  BUILDS_ON(LEARNING, 0.7, 0.7, false, null),
  /** A contradicts B. */
  CONTRADICTS(LEARNING, 0.7, 0.6, true, null),
  /** A confirms B. */
  CONFIRMS(LEARNING, 0.7, 0.8, false, null),
  /** A generalises B. */
  GENERALIZES(LEARNING, 0.6, 0.7, false, "SPECIALIZES"),
  /** A specialises B. */
  SPECIALIZES(LEARNING, 0.6, 0.7, false, "GENERALIZES"),

  /** A is similar to B. */
  SIMILAR_TO(SIMILARITY, 0.5, 0.6, true, null),
  /** A is a variant of B. */
  VARIANT_OF(SIMILARITY, 0.6, 0.7, false, null),
  /** A is related to B. */
  RELATED_TO(SIMILARITY, 0.5, 0.6, true, null),
  /** A is analogous to B. */
  ANALOGY_TO(SIMILARITY, 0.5, 0.5, true, null),
  /** A is the opposite of B. */
  OPPOSITE_OF(SIMILARITY, 0.6, 0.7, true, null),

  /** A follows B. */
  FOLLOWS(WORKFLOW, 0.6, 0.8, false, null),
  /** A depends on B. */
  DEPENDS_ON(WORKFLOW, 0.8, 0.8, false, "ENABLES"),
  /** A enables B. */
  ENABLES(WORKFLOW, 0.7, 0.7, false, "DEPENDS_ON"),
  /** A blocks B. */
  BLOCKS(WORKFLOW, 0.8, 0.8, false, null),
  /** A runs in parallel to B. */
  PARALLEL_TO(WORKFLOW, 0.5, 0.7, true, null),

  /** A is effective for B. */
  EFFECTIVE_FOR(QUALITY, 0.8, 0.7, false, null),
  /** A is ineffective for B. */
  INEFFECTIVE_FOR(QUALITY, 0.7, 0.7, false, null),
  /** A is preferred over B. */
  PREFERRED_OVER(QUALITY, 0.7, 0.6, false, null),
  /** A is deprecated by B. */
  DEPRECATED_BY(QUALITY, 0.8, 0.8, false, "REPLACES"),
  /** A is validated by B. */
  VALIDATED_BY(QUALITY, 0.8, 0.9, false, null);

  private final RelationshipCategory category;
  private final double defaultStrength;
  private final double defaultConfidence;
  private final boolean bidirectional;
  private final String inverseName;

  RelationshipType(RelationshipCategory category, double strength, double confidence,
      boolean bidirectional, String inverseName) {
    this.category = category;
    this.defaultStrength = strength;
    this.defaultConfidence = confidence;
    this.bidirectional = bidirectional;
    this.inverseName = inverseName;
  }

  /** The category this type belongs to. */
  public RelationshipCategory category() {
    return category;
  }

  /** Strength given to a new relationship of this type when the caller sets none. */
  public double defaultStrength() {
    return defaultStrength;
  }

  /** Confidence given to a new relationship of this type when the caller sets none. */
  public double defaultConfidence() {
    return defaultConfidence;
  }

  /** Whether the relation reads the same in both directions. */
  public boolean bidirectional() {
    return bidirectional;
  }

  /** The type that states the same fact from the other end, if there is one. */
  public Optional<RelationshipType> inverse() {
    if (bidirectional) {
      return Optional.of(this);
    }
    return Optional.ofNullable(inverseName).map(RelationshipType::valueOf);
  }

  /**
   * Parses a type name case-insensitively ({@code solves}, {@code SOLVES}, {@code depends-on}).
   *
   * @throws ValidationException naming {@code type} when the name is unknown
   */
  public static RelationshipType parse(String name) {
    return parse("type", name);
  }

  /** Like {@link #parse(String)}, naming the given field in the exception. */
  public static RelationshipType parse(String field, String name) {
    if (name != null) {
      String n = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
      for (RelationshipType t : values()) {
        if (t.name().equals(n)) {
          return t;
        }
      }
    }
    throw new ValidationException(field, "unknown relationship type '" + name + "'; expected one of "
        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
  }
}
