package dev.memorygraph.neo4j;

import dev.memorygraph.AuthenticationException;
import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.ConflictException;
import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.ValidationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.SecurityException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;

/** Turns driver exceptions into the library's exceptions, keeping the cause, removing secrets. */
final class CypherErrors {
  private CypherErrors() {}

  /** The innermost meaningful exception of a completion chain. */
  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** The library exception for a failure of {@code backend}. */
  static MemoryGraphException map(String backend, Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof MemoryGraphException) {
      return (MemoryGraphException) e;
    }
    String msg = MemoryGraphException.redact(e.getMessage());
    if (e instanceof org.neo4j.driver.exceptions.AuthenticationException || e instanceof SecurityException) {
      return new AuthenticationException(backend + ": the server refused the credentials (" + msg + ")", e);
    }
    if (e instanceof ServiceUnavailableException || e instanceof SessionExpiredException) {
      return new BackendUnavailableException(backend + " is unavailable: " + msg, e);
    }
    if (e instanceof ClientException) {
      String code = ((Neo4jException) e).code();
      if (code != null && code.contains("ConstraintValidationFailed")) {
        return new ConflictException(backend + ": " + msg, e);
      }
      if (code != null && code.startsWith("Neo.ClientError.Statement.")) {
        ValidationException v = new ValidationException("query", msg);
        v.initCause(e);
        return v;
      }
      if ((code == null || !code.startsWith("Neo.")) && msg != null
          && msg.toLowerCase(java.util.Locale.ROOT).contains("unique constraint")) {
        // Memgraph reports constraint violations without a Neo4j status code.
        return new ConflictException(backend + ": " + msg, e);
      }
    }
    return new BackendUnavailableException(backend + ": " + msg, e);
  }
}
