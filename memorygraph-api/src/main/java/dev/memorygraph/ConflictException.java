package dev.memorygraph;

/**
 * An operation conflicts with the stored graph or with other clients: a forbidden cycle, changes
 * the server rejected during a sync, or other clients writing so steadily that a write (or a
 * remote read that must see one state) could not complete within its patience. Nothing was
 * written.
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
