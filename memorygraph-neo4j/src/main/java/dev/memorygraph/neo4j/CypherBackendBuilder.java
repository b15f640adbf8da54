package dev.memorygraph.neo4j;

import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.config.MemoryGraphConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The builder every Bolt backend shares: the {@link CypherSettings} fields, their setters and the
 * reading of a {@link MemoryGraphConfig} under the backend's own setting names.
 *
 * <p>A backend's builder extends it, passes its {@link ConfigNames}, and adds only what differs
 * (Neo4j makes {@link #database(String)} public; Memgraph has a single database and leaves it
 * unset). Every setter returns the backend's own builder type {@code B}, so calls chain without
 * casts. {@link #toString()} never shows the password.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <T> the backend it builds
 */
public abstract class CypherBackendBuilder<B extends CypherBackendBuilder<B, T>, T extends CypherBackend> {
  private final ConfigNames names;
  private final Function<CypherSettings, T> factory;
  private String uri;
  private String user;
  private String password;
  private String database;
  private int maxConnectionPoolSize = CypherSettings.DEFAULT_POOL_SIZE;
  private Duration connectionTimeout = CypherSettings.DEFAULT_CONNECTION_TIMEOUT;
  private Duration maxTransactionRetryTime = CypherSettings.DEFAULT_MAX_RETRY_TIME;
  private boolean allowCycles = true;

  /**
   * A builder with the defaults (no URI yet) that reads configuration under these names.
   *
   * @param names the backend's setting names
   * @param factory makes the backend from validated settings (typically its private constructor)
   */
  protected CypherBackendBuilder(ConfigNames names, Function<CypherSettings, T> factory) {
    this.names = Objects.requireNonNull(names, "names");
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /** This builder as its concrete type (lets the shared setters return {@code B} without an unchecked cast). */
  protected abstract B self();

  /**
   * Takes every setting of this backend present in the configuration; unset ones keep their value.
   *
   * <p>The exception is {@code MEMORY_ALLOW_CYCLES}: it is always taken, so when unset it sets the
   * default {@code true} (as the backends' builders always did).
   *
   * @throws dev.memorygraph.ValidationException naming a setting that does not parse
   */
  public final B config(MemoryGraphConfig c) {
    first(c, names.uri()).ifPresent(v -> uri = v);
    first(c, names.user()).ifPresent(v -> user = v);
    first(c, names.password()).ifPresent(v -> password = v);
    first(c, names.database()).ifPresent(v -> database = v);
    maxConnectionPoolSize = c.getInt(names.maxPoolSize(), maxConnectionPoolSize);
    connectionTimeout = c.getSeconds(names.connectionTimeout(), connectionTimeout);
    maxTransactionRetryTime = c.getSeconds(names.maxRetryTime(), maxTransactionRetryTime);
    // MEMORY_ALLOW_CYCLES is shared by every backend, so it is not one of the backend's names.
    allowCycles = c.allowCycles();
    return self();
  }

  private static Optional<String> first(MemoryGraphConfig c, List<String> keys) {
    return c.first(keys.toArray(String[]::new));
  }

  /** Sets the Bolt URI, e.g. {@code bolt://localhost:7687} or {@code neo4j+s://host}. */
  public final B uri(String v) {
    this.uri = v;
    return self();
  }

  /** Sets the user (none: no authentication). */
  public final B user(String v) {
    this.user = v;
    return self();
  }

  /** Sets the password; it is never logged or shown. */
  public final B password(String v) {
    this.password = v;
    return self();
  }

  /**
   * Sets the database (default: the server's default database).
   *
   * <p>Protected because not every server has several databases; a backend whose server does
   * overrides it as public.
   */
  protected B database(String v) {
    this.database = v;
    return self();
  }

  /** Sets the most pooled connections (default {@value CypherSettings#DEFAULT_POOL_SIZE}). */
  public final B maxConnectionPoolSize(int v) {
    this.maxConnectionPoolSize = v;
    return self();
  }

  /** Sets how long opening a connection may take (default 30 s). */
  public final B connectionTimeout(Duration v) {
    this.connectionTimeout = v;
    return self();
  }

  /** Sets how long a transaction is retried on transient errors such as deadlocks or write conflicts (default 30 s). */
  public final B maxTransactionRetryTime(Duration v) {
    this.maxTransactionRetryTime = v;
    return self();
  }

  /** Sets whether same-type directed cycles are allowed (default true). */
  public final B allowCycles(boolean v) {
    this.allowCycles = v;
    return self();
  }

  /**
   * Validates and builds; nothing connects until {@code connect()}.
   *
   * @throws dev.memorygraph.ValidationException naming the bad setting
   */
  public final T build() {
    return factory.apply(new CypherSettings(uri, user, password, database, maxConnectionPoolSize,
        connectionTimeout, maxTransactionRetryTime, allowCycles));
  }

  /** The builder's state with the password hidden and any credentials in the URI masked. */
  @Override
  public String toString() {
    String type = getClass().getName();
    return type.substring(type.lastIndexOf('.') + 1).replace('$', '.') + "[uri=" + MemoryGraphException.redact(uri)
        + ", user=" + user + ", password=" + (password == null ? "null" : "***") + ", database=" + database
        + ", maxConnectionPoolSize=" + maxConnectionPoolSize + ", connectionTimeout=" + connectionTimeout
        + ", maxTransactionRetryTime=" + maxTransactionRetryTime + ", allowCycles=" + allowCycles + "]";
  }

  /**
   * The setting names a backend reads in {@link #config(MemoryGraphConfig)}.
   *
   * <p>Each string setting is a list because a backend may accept aliases: the first name set wins
   * (Neo4j reads {@code MEMORY_NEO4J_URI} before {@code NEO4J_URI}). An empty list means the
   * backend has no such setting.
   *
   * @param uri names of the Bolt URI, first set wins
   * @param user names of the user
   * @param password names of the password
   * @param database names of the database (empty: the server has one database)
   * @param maxPoolSize name of the pool size
   * @param connectionTimeout name of the connection timeout in seconds
   * @param maxRetryTime name of the transaction retry budget in seconds
   */
  public record ConfigNames(List<String> uri, List<String> user, List<String> password, List<String> database,
      String maxPoolSize, String connectionTimeout, String maxRetryTime) {

    /** Copies the lists and checks that no name is missing. */
    public ConfigNames {
      uri = List.copyOf(uri);
      user = List.copyOf(user);
      password = List.copyOf(password);
      database = List.copyOf(database);
      Objects.requireNonNull(maxPoolSize, "maxPoolSize");
      Objects.requireNonNull(connectionTimeout, "connectionTimeout");
      Objects.requireNonNull(maxRetryTime, "maxRetryTime");
    }
  }
}
