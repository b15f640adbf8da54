package dev.memorygraph.neo4j;

import dev.memorygraph.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Connection and behaviour settings of a Bolt backend (Neo4j or Memgraph).
 *
 * <p>The password is never shown: {@link #toString()} prints {@code ***} in its place.
 *
 * @param uri the Bolt URI ({@code bolt://}, {@code neo4j://}, with optional {@code +s}/{@code +ssc})
 * @param user the user name, or null for no authentication
 * @param password the password (secret), or null
 * @param database the database name, or null for the server's default
 * @param maxConnectionPoolSize most pooled connections, 1 or more
 * @param connectionTimeout how long opening a connection may take
 * @param maxTransactionRetryTime how long a managed transaction is retried on transient errors
 * @param allowCycles whether a relationship may close a same-type directed cycle
 */
public record CypherSettings(String uri, String user, String password, String database,
    int maxConnectionPoolSize, Duration connectionTimeout, Duration maxTransactionRetryTime,
    boolean allowCycles) {

  /** Default pool size. */
  public static final int DEFAULT_POOL_SIZE = 50;
  /** Default connection timeout. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30);
  /** Default retry budget of a managed transaction. */
  public static final Duration DEFAULT_MAX_RETRY_TIME = Duration.ofSeconds(30);

  private static final Set<String> SCHEMES = Set.of("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc");

  /**
   * Validates the settings.
   *
   * @throws ValidationException naming the bad setting
   */
  public CypherSettings {
    if (uri == null || uri.isBlank()) {
      throw new ValidationException("uri", "must be set (a bolt:// or neo4j:// URI)");
    }
    uri = uri.strip();
    try {
      String scheme = new URI(uri).getScheme();
      if (scheme == null || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
        throw new ValidationException("uri", "must use one of the schemes " + SCHEMES);
      }
    } catch (URISyntaxException e) {
      // The message of URISyntaxException repeats the input, which may hold a password.
      throw new ValidationException("uri", "is not a valid URI");
    }
    user = user == null || user.isBlank() ? null : user.strip();
    password = password == null || password.isEmpty() ? null : password;
    database = database == null || database.isBlank() ? null : database.strip();
    if (maxConnectionPoolSize < 1) {
      throw new ValidationException("max_connection_pool_size", "must be 1 or more (was " + maxConnectionPoolSize + ")");
    }
    connectionTimeout = positive("connection_timeout", connectionTimeout, DEFAULT_CONNECTION_TIMEOUT);
    maxTransactionRetryTime = maxTransactionRetryTime == null ? DEFAULT_MAX_RETRY_TIME : maxTransactionRetryTime;
    if (maxTransactionRetryTime.isNegative()) {
      throw new ValidationException("max_transaction_retry_time", "must not be negative");
    }
  }

  private static Duration positive(String field, Duration d, Duration dflt) {
    if (d == null) {
      return dflt;
    }
    if (d.isNegative() || d.isZero()) {
      throw new ValidationException(field, "must be positive (was " + d + ")");
    }
    return d;
  }

  /** The settings with the password hidden. */
  @Override
  public String toString() {
    return "CypherSettings[uri=" + dev.memorygraph.MemoryGraphException.redact(uri) + ", user=" + user
        + ", password=" + (password == null ? "null" : "***") + ", database=" + database
        + ", maxConnectionPoolSize=" + maxConnectionPoolSize + ", connectionTimeout=" + connectionTimeout
        + ", maxTransactionRetryTime=" + maxTransactionRetryTime + ", allowCycles=" + allowCycles + "]";
  }
}
