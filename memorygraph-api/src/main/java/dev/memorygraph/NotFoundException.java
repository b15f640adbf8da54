package dev.memorygraph;

/** An operation needed an entity (a memory or relationship) that does not exist. */
public class NotFoundException extends MemoryGraphException {
  private static final long serialVersionUID = 1L;
  private final String entity;
  private final String id;

  /**
   * Creates the exception.
   *
   * @param entity what kind of thing was missing, e.g. {@code memory}
   * @param id the id that was looked up
   */
  public NotFoundException(String entity, String id) {
    super(entity + " not found: " + id);
    this.entity = entity;
    this.id = id;
  }

  /** The kind of entity that was missing. */
  public String entity() {
    return entity;
  }

  /** The id that was not found. */
  public String id() {
    return id;
  }
}
