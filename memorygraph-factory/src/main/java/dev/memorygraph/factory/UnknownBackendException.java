package dev.memorygraph.factory;

import dev.memorygraph.ValidationException;
import dev.memorygraph.config.ConfigKeys;
import java.util.List;

/**
 * {@code MEMORY_BACKEND} names no installed backend, or {@code auto} found nothing usable.
 *
 * <p>A {@link ValidationException} on the field {@code MEMORY_BACKEND}; the message lists the
 * backends that are installed so that the user can pick one.
 */
public class UnknownBackendException extends ValidationException {
  private static final long serialVersionUID = 1L;
  private final String requested;
  private final List<String> available;

  /**
   * Creates the exception.
   *
   * @param requested the backend name asked for
   * @param problem what is wrong, without the list of backends
   * @param available the names of the installed backends
   */
  public UnknownBackendException(String requested, String problem, List<String> available) {
    super(ConfigKeys.MEMORY_BACKEND, problem + "; available backends: "
        + (available.isEmpty() ? "(none installed)" : String.join(", ", available)));
    this.requested = requested;
    this.available = List.copyOf(available);
  }

  /** The backend name that was asked for. */
  public String requested() {
    return requested;
  }

  /** The names of the installed backends, sorted. */
  public List<String> available() {
    return available;
  }
}
