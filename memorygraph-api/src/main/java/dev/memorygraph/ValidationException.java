package dev.memorygraph;

/**
 * Input was rejected before anything was written.
 *
 * <p>{@link #field()} names the offending field (for example {@code title} or
 * {@code context.visibility}) so that callers and tools can point at it.
 */
public class ValidationException extends MemoryGraphException {
  private static final long serialVersionUID = 1L;
  private final String field;

  /**
   * Creates a validation failure for one field.
   *
   * @param field the field's name as users see it
   * @param problem what is wrong, without repeating the field name
   */
  public ValidationException(String field, String problem) {
    super("Invalid " + field + ": " + problem);
    this.field = field;
  }

  /** The name of the rejected field. */
  public String field() {
    return field;
  }
}
