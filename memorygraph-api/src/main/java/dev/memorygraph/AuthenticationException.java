package dev.memorygraph;

/** The backend refused the configured credentials. The credentials are never in the message. */
public class AuthenticationException extends BackendUnavailableException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public AuthenticationException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
