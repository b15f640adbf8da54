package dev.memorygraph.model;

import dev.memorygraph.ValidationException;
import java.util.Locale;

/** Who may see a memory. The default is {@link #PROJECT}. */
public enum Visibility {
  /** Only its creator. */
  PRIVATE,
  /** Everyone working on the same project. */
  PROJECT,
  /** The creator's team. */
  TEAM,
  /** Everyone. */
  PUBLIC;

  /** The wire and storage name, e.g. {@code project}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a visibility name case-insensitively.
   *
   * @throws ValidationException naming {@code context.visibility} when unknown
   */
  public static Visibility parse(String name) {
    if (name != null) {
      for (Visibility v : values()) {
        if (v.name().equalsIgnoreCase(name.strip())) {
          return v;
        }
      }
    }
    throw new ValidationException("context.visibility",
        "unknown visibility '" + name + "'; expected private, project, team or public");
  }
}
