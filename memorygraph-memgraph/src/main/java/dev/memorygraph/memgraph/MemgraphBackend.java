package dev.memorygraph.memgraph;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.neo4j.CypherBackend;
import dev.memorygraph.neo4j.CypherBackendBuilder;
import dev.memorygraph.neo4j.CypherSettings;
import java.util.List;

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

  /** Builds a {@link MemgraphBackend} from the shared Bolt settings; nothing connects until {@code connect()}. */
  public static final class Builder extends CypherBackendBuilder<Builder, MemgraphBackend> {
    // No database names: Memgraph serves a single database, so the database stays unset.
    private static final ConfigNames NAMES = new ConfigNames(List.of(ConfigKeys.MEMORY_MEMGRAPH_URI),
        List.of(ConfigKeys.MEMORY_MEMGRAPH_USER), List.of(ConfigKeys.MEMORY_MEMGRAPH_PASSWORD), List.of(),
        MEMORY_MEMGRAPH_MAX_POOL_SIZE, MEMORY_MEMGRAPH_CONNECTION_TIMEOUT, MEMORY_MEMGRAPH_MAX_RETRY_TIME);

    private Builder() {
      super(NAMES, MemgraphBackend::new);
    }

    @Override
    protected Builder self() {
      return this;
    }
  }
}
