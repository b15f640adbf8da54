package dev.memorygraph.turso.hrana;

import dev.memorygraph.BackendUnavailableException;

/**
 * The server's reply is not a well-formed Hrana response (malformed or truncated JSON, missing
 * fields, wrong result count). The request's outcome is unknown to the client.
 */
public class HranaProtocolException extends BackendUnavailableException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public HranaProtocolException(String message) {
    super("malformed Hrana response: " + message);
  }

  /** Creates the exception with its cause. */
  public HranaProtocolException(String message, Throwable cause) {
    super("malformed Hrana response: " + message, cause);
  }
}
