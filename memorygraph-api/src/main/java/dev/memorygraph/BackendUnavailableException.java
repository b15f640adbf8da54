package dev.memorygraph;

/** The backend cannot be reached or failed in a way not caused by the caller's input. */
public class BackendUnavailableException extends MemoryGraphException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message is redacted of credentials. */
  public BackendUnavailableException(String message) {
    super(redact(message));
  }

  /** Creates the exception with its cause; the message is redacted of credentials. */
  public BackendUnavailableException(String message, Throwable cause) {
    super(redact(message), cause);
  }
}
