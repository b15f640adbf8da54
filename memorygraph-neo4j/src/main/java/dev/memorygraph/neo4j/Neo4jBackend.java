package dev.memorygraph.neo4j;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import java.util.List;

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

  /** Builds a {@link Neo4jBackend} from the shared Bolt settings plus a database name; nothing connects until {@code connect()}. */
  public static final class Builder extends CypherBackendBuilder<Builder, Neo4jBackend> {
    private static final ConfigNames NAMES = new ConfigNames(
        List.of(ConfigKeys.MEMORY_NEO4J_URI, ConfigKeys.NEO4J_URI),
        List.of(ConfigKeys.MEMORY_NEO4J_USER, ConfigKeys.NEO4J_USER),
        List.of(ConfigKeys.MEMORY_NEO4J_PASSWORD, ConfigKeys.NEO4J_PASSWORD),
        List.of(ConfigKeys.MEMORY_NEO4J_DATABASE),
        MEMORY_NEO4J_MAX_POOL_SIZE, MEMORY_NEO4J_CONNECTION_TIMEOUT, MEMORY_NEO4J_MAX_RETRY_TIME);

    private Builder() {
      super(NAMES, Neo4jBackend::new);
    }

    /** Sets the database (default: the server's default database). */
    @Override
    public Builder database(String v) {
      return super.database(v);
    }

    @Override
    protected Builder self() {
      return this;
    }
  }
}
