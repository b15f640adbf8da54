package dev.memorygraph.turso.hrana;

import dev.memorygraph.MemoryGraphException;
import java.util.Locale;

/**
 * The server executed the request but a statement failed (syntax, constraint, bind error).
 * Never retried: the same statement would fail again.
 *
 * <p>The message is the server's error text (redacted of anything that looks like a credential);
 * it never contains the statement's argument values unless the server echoed them.
 */
public class HranaStatementException extends MemoryGraphException {
  private static final long serialVersionUID = 1L;
  private final String code;
  private final int statementIndex;

  /**
   * Creates the exception.
   *
   * @param serverMessage the server's message
   * @param code the server's error code (e.g. {@code PREPARE_ERROR}), or null
   * @param statementIndex index of the failing statement in the caller's list; -1 when the failure
   *     was in the transaction frame (BEGIN or COMMIT) rather than in a caller's statement
   */
  public HranaStatementException(String serverMessage, String code, int statementIndex) {
    super(redact(describe(serverMessage, code, statementIndex)));
    this.code = code;
    this.statementIndex = statementIndex;
  }

  private static String describe(String message, String code, int index) {
    String where = index >= 0 ? "statement " + index + " failed" : "transaction control failed";
    return where + (code == null ? "" : " [" + code + "]") + ": " + message;
  }

  /** The server's error code, or null. */
  public String code() {
    return code;
  }

  /** Index of the failing statement in the caller's list, or -1 for BEGIN/COMMIT failures. */
  public int statementIndex() {
    return statementIndex;
  }

  /** Whether the failure is a UNIQUE or PRIMARY KEY violation. */
  public boolean isUniqueViolation() {
    String m = String.valueOf(getMessage()).toUpperCase(Locale.ROOT);
    return m.contains("UNIQUE CONSTRAINT FAILED") || m.contains("PRIMARY KEY CONSTRAINT FAILED")
        || m.contains("SQLITE_CONSTRAINT_UNIQUE") || m.contains("SQLITE_CONSTRAINT_PRIMARYKEY");
  }

  /** Whether the failure is any constraint violation (unique, foreign key, check, not null). */
  public boolean isConstraintViolation() {
    String m = String.valueOf(getMessage()).toUpperCase(Locale.ROOT);
    return m.contains("CONSTRAINT FAILED") || m.contains("SQLITE_CONSTRAINT");
  }
}
