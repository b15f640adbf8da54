package dev.memorygraph.turso.pull;

import dev.memorygraph.BackendUnavailableException;

/**
 * The page-pull stream from the primary is malformed, truncated or uses a feature this client
 * does not support. Nothing has been applied locally when this is thrown.
 */
public class PullProtocolException extends BackendUnavailableException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public PullProtocolException(String message) {
    super("page pull: " + message);
  }

  /** Creates the exception with its cause. */
  public PullProtocolException(String message, Throwable cause) {
    super("page pull: " + message, cause);
  }
}
