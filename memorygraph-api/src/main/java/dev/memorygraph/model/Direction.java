package dev.memorygraph.model;

import dev.memorygraph.ValidationException;

/** Which edges a traversal follows, relative to the memory it starts from. */
public enum Direction {
  /** Edges leaving the memory (memory is {@code from}). */
  OUTGOING,
  /** Edges arriving at the memory (memory is {@code to}). */
  INCOMING,
  /** Both. The default. */
  BOTH;

  /** Parses a direction name case-insensitively ({@code out}/{@code in} also accepted). */
  public static Direction parse(String name) {
    if (name != null) {
      switch (name.strip().toLowerCase(java.util.Locale.ROOT)) {
        case "outgoing": case "out": return OUTGOING;
        case "incoming": case "in": return INCOMING;
        case "both": return BOTH;
        default: break;
      }
    }
    throw new ValidationException("direction", "unknown direction '" + name + "'; expected outgoing, incoming or both");
  }
}
