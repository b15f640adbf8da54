package dev.memorygraph;

/**
 * A write conflicts with the stored graph: a forbidden cycle, or changes the server rejected
 * during a sync. Nothing was written.
 */
public class ConflictException extends MemoryGraphException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ConflictException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
