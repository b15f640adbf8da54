package dev.memorygraph.model;

/** The seven families of relationship types. */
public enum RelationshipCategory {
  /** Cause and effect. */
  CAUSAL,
  /** What solves or improves what. */
  SOLUTION,
  /** Where and with what something applies. */
  CONTEXT,
  /** How knowledge builds up or is contested. */
  LEARNING,
  /** Likeness and difference. */
  SIMILARITY,
  /** Order and dependency of work. */
  WORKFLOW,
  /** Judgements of effectiveness and preference. */
  QUALITY
}
