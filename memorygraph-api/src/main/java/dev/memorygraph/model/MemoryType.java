package dev.memorygraph.model;

import dev.memorygraph.ValidationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The 13 kinds of memory. Stored and exchanged by {@link #id()} (lower snake case). */
public enum MemoryType {
  /** A unit of work. */
  TASK,
  /** A reusable code pattern. */
  CODE_PATTERN,
  /** A problem met. */
  PROBLEM,
  /** A solution that worked. */
  SOLUTION,
  /** A project. */
  PROJECT,
  /** A technology, library or tool. */
  TECHNOLOGY,
  /** An error (message, stack trace). */
  ERROR,
  /** A fix for an error. */
  FIX,
  /** A command line worth remembering. */
  COMMAND,
  /** Knowledge about a file. */
  FILE_CONTEXT,
  /** A workflow or procedure. */
  WORKFLOW,
  /** Anything else. */
  GENERAL,
  /** A conversation excerpt. */
  CONVERSATION;

  /** The wire and storage name, e.g. {@code code_pattern}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a type name, case-insensitively, accepting {@code code_pattern} or {@code CODE_PATTERN}.
   *
   * @throws ValidationException naming {@code type} when the name is unknown
   */
  public static MemoryType parse(String name) {
    if (name != null) {
      String n = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
      for (MemoryType t : values()) {
        if (t.name().equals(n)) {
          return t;
        }
      }
    }
    throw new ValidationException("type", "unknown memory type '" + name + "'; expected one of "
        + Arrays.stream(values()).map(MemoryType::id).collect(Collectors.joining(", ")));
  }
}
