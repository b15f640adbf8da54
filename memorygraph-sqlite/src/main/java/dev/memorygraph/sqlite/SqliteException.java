package dev.memorygraph.sqlite;

import dev.memorygraph.BackendUnavailableException;
import java.sql.SQLException;

/** A SQLite error, with SQLite's primary result code kept for callers that route on it. */
public class SqliteException extends BackendUnavailableException {
  private static final long serialVersionUID = 1L;
  /** SQLITE_ERROR: a generic error such as bad SQL. */
  public static final int SQLITE_ERROR = 1;
  /** SQLITE_BUSY: the database file is locked. */
  public static final int SQLITE_BUSY = 5;
  /** SQLITE_READONLY: a write on a read-only connection. */
  public static final int SQLITE_READONLY = 8;
  /** SQLITE_CONSTRAINT: a constraint was violated. */
  public static final int SQLITE_CONSTRAINT = 19;
  /** SQLITE_MISMATCH: a data type mismatch. */
  public static final int SQLITE_MISMATCH = 20;
  /** SQLITE_RANGE: a parameter index out of range. */
  public static final int SQLITE_RANGE = 25;

  private final int resultCode;

  /** Wraps a driver exception. */
  public SqliteException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
    this.resultCode = cause.getErrorCode() & 0xff;
  }

  /** SQLite's primary result code (e.g. 5 for SQLITE_BUSY), 0 when unknown. */
  public int resultCode() {
    return resultCode;
  }

  /** Whether the error is caused by the statement or its arguments rather than the database. */
  public boolean isCallerError() {
    return resultCode == SQLITE_ERROR || resultCode == SQLITE_READONLY || resultCode == SQLITE_CONSTRAINT
        || resultCode == SQLITE_MISMATCH || resultCode == SQLITE_RANGE;
  }
}
