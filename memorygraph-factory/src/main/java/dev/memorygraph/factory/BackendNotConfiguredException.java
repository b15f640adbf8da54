package dev.memorygraph.factory;

import dev.memorygraph.ValidationException;
import dev.memorygraph.config.ConfigKeys;
import java.util.List;

/**
 * {@code MEMORY_BACKEND} names an installed backend whose settings are missing (for example
 * {@code neo4j} without {@code NEO4J_URI}). A {@link ValidationException} on the field
 * {@code MEMORY_BACKEND}; the message names the backend, what it needs, and the installed backends.
 */
public class BackendNotConfiguredException extends ValidationException {
  private static final long serialVersionUID = 1L;
  private final String backend;

  /**
   * Creates the exception.
   *
   * @param backend the selected backend's name
   * @param needs what the backend needs, from its provider's description
   * @param available the names of the installed backends
   */
  public BackendNotConfiguredException(String backend, String needs, List<String> available) {
    super(ConfigKeys.MEMORY_BACKEND, "the '" + backend + "' backend is selected but not configured ("
        + needs + "); installed backends: " + String.join(", ", available));
    this.backend = backend;
  }

  /** The selected backend's name. */
  public String backend() {
    return backend;
  }
}
