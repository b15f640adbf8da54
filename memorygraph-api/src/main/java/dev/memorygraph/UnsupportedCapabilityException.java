package dev.memorygraph;

/** The backend does not offer the requested capability; the message says which and why. */
public class UnsupportedCapabilityException extends MemoryGraphException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public UnsupportedCapabilityException(String message) {
    super(message);
  }
}
