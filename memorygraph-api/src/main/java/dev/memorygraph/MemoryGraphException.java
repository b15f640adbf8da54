package dev.memorygraph;

/**
 * Root of every exception the library throws.
 *
 * <p>All library exceptions are unchecked. Messages never contain secrets (tokens, passwords):
 * backends wrap driver errors through {@link #redact(String)}-aware constructors.
 */
public class MemoryGraphException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public MemoryGraphException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the cause kept for diagnosis. */
  public MemoryGraphException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Removes credentials from a text that may come from a driver or a URL.
   *
   * <p>Handles {@code user:password@host} URL user-info, {@code Bearer} tokens and
   * {@code password=}/{@code token=}/{@code authToken=} key-value pairs.
   *
   * @param text any text, may be null
   * @return the text with secrets replaced by {@code ***}
   */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    return text
        .replaceAll("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+", "$1***")
        .replaceAll("(?i)((?:password|passwd|pwd|token|auth_?token|authToken|secret|credentials)\\s*[=:]\\s*)[^\\s,;&\"'}]+", "$1***")
        .replaceAll("(?i)([a-z][a-z0-9+.-]*://)([^/@\\s:]+):([^/@\\s]+)@", "$1$2:***@");
  }
}
