package dev.memorygraph.neo4j;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import java.time.Duration;

/**
 * The Neo4j backend: Neo4j 5 over Bolt through the driver's asynchronous API, with a Lucene
 * full-text index (English analyzer) for ranked search.
 *
 * <pre>{@code
 * GraphBackend backend = Neo4jBackend.builder()
 *     .uri("bolt://localhost:7687").user("neo4j").password(secret)
 *     .maxConnectionPoolSize(20)
 *     .build();
 * try (MemoryGraph graph = MemoryGraph.open(backend)) { ... }
 * }</pre>
 */
public final class Neo4jBackend extends CypherBackend {
  /** Pool size setting (default {@value CypherSettings#DEFAULT_POOL_SIZE}). */
  public static final String MEMORY_NEO4J_MAX_POOL_SIZE = "MEMORY_NEO4J_MAX_POOL_SIZE";
  /** Connection timeout in seconds (default 30). */
  public static final String MEMORY_NEO4J_CONNECTION_TIMEOUT = "MEMORY_NEO4J_CONNECTION_TIMEOUT";
  /** Retry budget of a managed transaction in seconds (default 30). */
  public static final String MEMORY_NEO4J_MAX_RETRY_TIME = "MEMORY_NEO4J_MAX_RETRY_TIME";

  private Neo4jBackend(CypherSettings settings) {
    super(settings, new Neo4jDialect());
  }

  /** A backend with these settings. */
  public static Neo4jBackend create(CypherSettings settings) {
    return new Neo4jBackend(settings);
  }

  /**
   * A backend configured from {@code MEMORY_NEO4J_URI}/{@code NEO4J_URI}, {@code ..._USER},
   * {@code ..._PASSWORD}, {@code MEMORY_NEO4J_DATABASE}, the pool, timeout and retry settings,
   * and {@code MEMORY_ALLOW_CYCLES}.
   *
   * @throws dev.memorygraph.ValidationException naming the bad setting
   */
  public static Neo4jBackend fromConfig(MemoryGraphConfig config) {
    return builder().config(config).build();
  }

  /** A new builder with the defaults (no URI yet). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Neo4jBackend}; nothing connects until {@code connect()}. */
  public static final class Builder {
    private String uri;
    private String user;
    private String password;
    private String database;
    private int maxConnectionPoolSize = CypherSettings.DEFAULT_POOL_SIZE;
    private Duration connectionTimeout = CypherSettings.DEFAULT_CONNECTION_TIMEOUT;
    private Duration maxTransactionRetryTime = CypherSettings.DEFAULT_MAX_RETRY_TIME;
    private boolean allowCycles = true;

    private Builder() {}

    /** Takes every Neo4j setting present in the configuration. */
    public Builder config(MemoryGraphConfig c) {
      c.first(ConfigKeys.MEMORY_NEO4J_URI, ConfigKeys.NEO4J_URI).ifPresent(v -> uri = v);
      c.first(ConfigKeys.MEMORY_NEO4J_USER, ConfigKeys.NEO4J_USER).ifPresent(v -> user = v);
      c.first(ConfigKeys.MEMORY_NEO4J_PASSWORD, ConfigKeys.NEO4J_PASSWORD).ifPresent(v -> password = v);
      c.get(ConfigKeys.MEMORY_NEO4J_DATABASE).ifPresent(v -> database = v);
      maxConnectionPoolSize = c.getInt(MEMORY_NEO4J_MAX_POOL_SIZE, maxConnectionPoolSize);
      connectionTimeout = c.getSeconds(MEMORY_NEO4J_CONNECTION_TIMEOUT, connectionTimeout);
      maxTransactionRetryTime = c.getSeconds(MEMORY_NEO4J_MAX_RETRY_TIME, maxTransactionRetryTime);
      allowCycles = c.allowCycles();
      return this;
    }

    /** Sets the Bolt URI, e.g. {@code bolt://localhost:7687} or {@code neo4j+s://host}. */
    public Builder uri(String v) { this.uri = v; return this; }
    /** Sets the user (none: no authentication). */
    public Builder user(String v) { this.user = v; return this; }
    /** Sets the password; it is never logged or shown. */
    public Builder password(String v) { this.password = v; return this; }
    /** Sets the database (default: the server's default database). */
    public Builder database(String v) { this.database = v; return this; }
    /** Sets the most pooled connections (default 50). */
    public Builder maxConnectionPoolSize(int v) { this.maxConnectionPoolSize = v; return this; }
    /** Sets how long opening a connection may take (default 30 s). */
    public Builder connectionTimeout(Duration v) { this.connectionTimeout = v; return this; }
    /** Sets how long a transaction is retried on transient errors (default 30 s). */
    public Builder maxTransactionRetryTime(Duration v) { this.maxTransactionRetryTime = v; return this; }
    /** Sets whether same-type directed cycles are allowed (default true). */
    public Builder allowCycles(boolean v) { this.allowCycles = v; return this; }

    /**
     * Validates and builds.
     *
     * @throws dev.memorygraph.ValidationException naming the bad setting
     */
    public Neo4jBackend build() {
      return new Neo4jBackend(new CypherSettings(uri, user, password, database, maxConnectionPoolSize,
          connectionTimeout, maxTransactionRetryTime, allowCycles));
    }
  }
}
