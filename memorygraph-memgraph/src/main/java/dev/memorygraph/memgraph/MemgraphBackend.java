package dev.memorygraph.memgraph;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.neo4j.CypherBackend;
import dev.memorygraph.neo4j.CypherSettings;
import java.time.Duration;

/**
 * The Memgraph backend: Bolt through the Neo4j driver's asynchronous API, with the Cypher shared
 * with the Neo4j backend and {@link MemgraphDialect} for what differs.
 *
 * <pre>{@code
 * GraphBackend backend = MemgraphBackend.builder().uri("bolt://localhost:7687").build();
 * }</pre>
 */
public final class MemgraphBackend extends CypherBackend {
  /** Pool size setting (default {@value CypherSettings#DEFAULT_POOL_SIZE}). */
  public static final String MEMORY_MEMGRAPH_MAX_POOL_SIZE = "MEMORY_MEMGRAPH_MAX_POOL_SIZE";
  /** Connection timeout in seconds (default 30). */
  public static final String MEMORY_MEMGRAPH_CONNECTION_TIMEOUT = "MEMORY_MEMGRAPH_CONNECTION_TIMEOUT";
  /** Retry budget of a managed transaction in seconds (default 30). */
  public static final String MEMORY_MEMGRAPH_MAX_RETRY_TIME = "MEMORY_MEMGRAPH_MAX_RETRY_TIME";

  private MemgraphBackend(CypherSettings settings) {
    super(settings, new MemgraphDialect());
  }

  /** A backend with these settings (a database name, if set, is ignored: Memgraph has one). */
  public static MemgraphBackend create(CypherSettings settings) {
    return new MemgraphBackend(settings);
  }

  /**
   * A backend configured from {@code MEMORY_MEMGRAPH_URI}, {@code _USER}, {@code _PASSWORD}, the
   * pool, timeout and retry settings, and {@code MEMORY_ALLOW_CYCLES}.
   *
   * @throws dev.memorygraph.ValidationException naming the bad setting
   */
  public static MemgraphBackend fromConfig(MemoryGraphConfig config) {
    return builder().config(config).build();
  }

  /** A new builder with the defaults (no URI yet). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link MemgraphBackend}; nothing connects until {@code connect()}. */
  public static final class Builder {
    private String uri;
    private String user;
    private String password;
    private int maxConnectionPoolSize = CypherSettings.DEFAULT_POOL_SIZE;
    private Duration connectionTimeout = CypherSettings.DEFAULT_CONNECTION_TIMEOUT;
    private Duration maxTransactionRetryTime = CypherSettings.DEFAULT_MAX_RETRY_TIME;
    private boolean allowCycles = true;

    private Builder() {}

    /** Takes every Memgraph setting present in the configuration. */
    public Builder config(MemoryGraphConfig c) {
      c.get(ConfigKeys.MEMORY_MEMGRAPH_URI).ifPresent(v -> uri = v);
      c.get(ConfigKeys.MEMORY_MEMGRAPH_USER).ifPresent(v -> user = v);
      c.get(ConfigKeys.MEMORY_MEMGRAPH_PASSWORD).ifPresent(v -> password = v);
      maxConnectionPoolSize = c.getInt(MEMORY_MEMGRAPH_MAX_POOL_SIZE, maxConnectionPoolSize);
      connectionTimeout = c.getSeconds(MEMORY_MEMGRAPH_CONNECTION_TIMEOUT, connectionTimeout);
      maxTransactionRetryTime = c.getSeconds(MEMORY_MEMGRAPH_MAX_RETRY_TIME, maxTransactionRetryTime);
      allowCycles = c.allowCycles();
      return this;
    }

    /** Sets the Bolt URI, e.g. {@code bolt://localhost:7687}. */
    public Builder uri(String v) { this.uri = v; return this; }
    /** Sets the user (none: no authentication). */
    public Builder user(String v) { this.user = v; return this; }
    /** Sets the password; it is never logged or shown. */
    public Builder password(String v) { this.password = v; return this; }
    /** Sets the most pooled connections (default 50). */
    public Builder maxConnectionPoolSize(int v) { this.maxConnectionPoolSize = v; return this; }
    /** Sets how long opening a connection may take (default 30 s). */
    public Builder connectionTimeout(Duration v) { this.connectionTimeout = v; return this; }
    /** Sets how long a transaction is retried on transient errors such as write conflicts (default 30 s). */
    public Builder maxTransactionRetryTime(Duration v) { this.maxTransactionRetryTime = v; return this; }
    /** Sets whether same-type directed cycles are allowed (default true). */
    public Builder allowCycles(boolean v) { this.allowCycles = v; return this; }

    /**
     * Validates and builds.
     *
     * @throws dev.memorygraph.ValidationException naming the bad setting
     */
    public MemgraphBackend build() {
      return new MemgraphBackend(new CypherSettings(uri, user, password, null, maxConnectionPoolSize,
          connectionTimeout, maxTransactionRetryTime, allowCycles));
    }
  }
}
