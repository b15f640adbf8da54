package dev.memorygraph.falkordb;

import com.falkordb.ResultSet;
import com.falkordb.graph_entities.Edge;
import com.falkordb.graph_entities.GraphEntity;
import com.falkordb.graph_entities.Node;
import com.falkordb.graph_entities.Path;
import com.falkordb.impl.api.GraphContextImpl;
import com.falkordb.impl.graph_cache.GraphCache;
import dev.memorygraph.AuthenticationException;
import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.ConflictException;
import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.ValidationException;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.model.Capabilities;
import dev.memorygraph.model.Capability;
import dev.memorygraph.model.ChangeSet;
import dev.memorygraph.model.Direction;
import dev.memorygraph.model.GraphStatistics;
import dev.memorygraph.model.HealthStatus;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryPath;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.MemoryUpdate;
import dev.memorygraph.model.Page;
import dev.memorygraph.model.PathOptions;
import dev.memorygraph.model.RecentActivity;
import dev.memorygraph.model.RecentActivityQuery;
import dev.memorygraph.model.RelatedMemory;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.RelationshipUpdate;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.model.TraversalOptions;
import dev.memorygraph.model.Validation;
import dev.memorygraph.spi.AbstractBlockingBackend;
import dev.memorygraph.spi.Instants;
import dev.memorygraph.spi.WriteRules;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Module;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * The FalkorDB backend: memories and relationships in one FalkorDB graph, through
 * {@code com.falkordb:jfalkordb}.
 *
 * <p>Every operation is one or a few Cypher queries run by FalkorDB itself: upserts with
 * {@code MERGE}, traversal and paths by level-by-level expansion queries, search through the
 * graph's full-text index. FalkorDB runs the writes to one graph one at a time, so each write
 * query (its checks included) is atomic. Only enum names and clamped integers are written into
 * query text; every value is a parameter escaped by {@link CypherParams}. The backend touches no
 * graph but its own: two backends with different graph names never see each other's data.
 *
 * <p>Build one with {@link #builder()} or from configuration with
 * {@link #fromConfig(MemoryGraphConfig)}.
 */
public class FalkorDbBackend extends AbstractBlockingBackend {
  /** Default graph name. */
  public static final String DEFAULT_GRAPH = "memorygraph";
  /** Default port. */
  public static final int DEFAULT_PORT = 6379;

  private static final String LABEL = "Memory";
  private static final int EXPORT_BATCH = 500;
  private static final ProtocolCommand GRAPH_CONSTRAINT = () -> SafeEncoder.encode("GRAPH.CONSTRAINT");
  /**
   * How long after its own timeout a query is cut by the {@link QueryWatchdog}: FalkorDB ends a
   * query at the timeout itself, so only a server that stopped answering reaches this.
   */
  private static final Duration WATCHDOG_GRACE = Duration.ofSeconds(5);

  private final String graphName;
  private final boolean allowCycles;
  private final int poolSize;
  private final Duration timeout;

  private volatile String host;
  private volatile int port;
  private final String password;
  private volatile ConnectionPool pool;
  /** jfalkordb's cache of the graph's label, type and property names (used to decode nodes). */
  private final GraphCache graphCache = new GraphCache();
  private final Object lifecycle = new Object();
  private boolean closed;

  /**
   * Creates an unconnected backend.
   *
   * @param builder the settings
   */
  protected FalkorDbBackend(Builder builder) {
    super("memorygraph-falkordb", builder.poolSize);
    this.host = builder.host;
    this.port = builder.port;
    this.password = builder.password;
    this.graphName = builder.graph;
    this.allowCycles = builder.allowCycles;
    this.poolSize = builder.poolSize;
    this.timeout = builder.timeout;
  }

  /** A builder with the defaults: localhost, port 6379, graph {@code memorygraph}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A backend from {@code MEMORY_FALKORDB_HOST}, {@code _PORT}, {@code _PASSWORD},
   * {@code MEMORY_FALKORDB_GRAPH} and {@code MEMORY_ALLOW_CYCLES}.
   *
   * @throws ValidationException naming the setting when one is malformed
   */
  public static FalkorDbBackend fromConfig(MemoryGraphConfig config) {
    return builder().configure(config).build();
  }

  /** The graph this backend uses. */
  public String graphName() {
    return graphName;
  }

  @Override
  public String backendName() {
    return "falkordb";
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.allExcept(Map.of(
        Capability.SYNC, "FalkorDB is a server: there is no local replica to synchronise",
        Capability.TRANSACTIONS, "FalkorDB has no multi-statement transactions; each operation is "
            + "one atomic query, but executeQuery calls are not grouped"));
  }

  @Override
  public String toString() {
    // The password is never shown.
    return "FalkorDbBackend[" + host + ":" + port + ", graph=" + graphName + "]";
  }

  // ---------------------------------------------------------------- connection

  @Override
  protected void doConnect() {
    synchronized (lifecycle) {
      if (closed) {
        throw new BackendUnavailableException(backendName() + " is closed");
      }
      if (pool == null) {
        openPool();
      }
    }
    ping();
  }

  /** Opens the pool to the current host and port (caller holds the lifecycle lock). */
  private void openPool() {
    pool = new ConnectionPool(host, port, timeout, password, poolSize + 2);
  }

  /**
   * Points the backend at another server address, replacing the pool; used by FalkorDBLite when
   * its private server comes back on a new port.
   */
  protected final void reconnect(String newHost, int newPort) {
    synchronized (lifecycle) {
      closePool();
      this.host = newHost;
      this.port = newPort;
      if (!closed) {
        openPool();
      }
    }
  }

  private void closePool() {
    ConnectionPool p = pool;
    pool = null;
    // Another server (FalkorDBLite's restart) may number labels and properties differently.
    graphCache.clear();
    if (p != null && !p.isClosed()) {
      p.close();
    }
  }

  @Override
  protected void doDisconnect() {
    synchronized (lifecycle) {
      closed = true;
      closePool();
    }
  }

  /**
   * Called when a query could not reach the server or lost its connection, before it is retried
   * once. The default does nothing; FalkorDBLite restarts its server here when it has died.
   *
   * @return true when a query that was never sent should be retried (a read that lost its
   *     connection is retried whatever this returns: repeating a read is always safe)
   */
  protected boolean recoverConnection(RuntimeException failure) {
    return false;
  }

  /**
   * Called when the server did not answer a query within its timeout, before an idempotent query
   * is retried once. The default does nothing; FalkorDBLite kills and restarts its hung server
   * (FalkorDB 4.16.3 was seen to deadlock on a fresh server while creating an index).
   *
   * @return true when the query should be retried
   */
  protected boolean recoverHungServer() {
    return false;
  }

  private ConnectionPool pool() {
    ConnectionPool p = pool;
    if (p == null) {
      throw new BackendUnavailableException(backendName() + " is not connected (call connect())");
    }
    return p;
  }

  private void ping() {
    withJedis(j -> {
      j.ping();
      return null;
    });
  }

  /** Runs a raw command on a pooled connection that just answered a PING, wrapping failures. */
  protected final <T> T withJedis(java.util.function.Function<Jedis, T> call) {
    for (int attempt = 0; ; attempt++) {
      try (Jedis j = pool().borrowChecked()) {
        return call.apply(j);
      } catch (RuntimeException e) {
        if (attempt == 0 && isConnectionFailure(e) && recoverConnection(e)) {
          continue;
        }
        throw translate(e, "command");
      }
    }
  }

  /**
   * Runs a query. A read whose connection failed is retried once on a new connection (after
   * {@link #recoverConnection}); a write only when it was never sent.
   */
  private ResultSet run(String cypher, CypherParams params, boolean write) {
    return run(cypher, params, write, false);
  }

  /**
   * Runs a query; an {@code idempotent} one (schema statements) is also retried once after a
   * server that stopped answering was recovered by {@link #recoverHungServer()}.
   */
  private ResultSet run(String cypher, CypherParams params, boolean write, boolean idempotent) {
    Map<String, Object> p = params == null ? Map.of() : params.asMap();
    for (int attempt = 0; ; attempt++) {
      ConnectionPool connections = pool();
      Jedis connection;
      try {
        // Only a write pays a PING first: a read that meets a dead connection is repeated instead.
        connection = write ? connections.borrowChecked() : connections.borrow();
      } catch (RuntimeException e) {
        // Nothing was sent, so any query may be retried.
        if (attempt == 0 && isConnectionFailure(e) && recoverConnection(e)) {
          continue;
        }
        throw translate(e, "query");
      }
      QueryWatchdog.Call watched = QueryWatchdog.watch(connection, timeout.plus(WATCHDOG_GRACE));
      try {
        // The context runs the query on this very connection (the one the watchdog may cut).
        GraphContextImpl graph = new GraphContextImpl(connection, graphCache, graphName);
        return write ? graph.query(cypher, p, timeout.toMillis()) : graph.readOnlyQuery(cypher, p, timeout.toMillis());
      } catch (RuntimeException e) {
        if (watched.expired()) {
          if (attempt == 0 && (!write || idempotent) && recoverHungServer()) {
            continue;
          }
          throw new BackendUnavailableException(backendName() + " at " + host + ":" + port
              + " did not answer within " + timeout.plus(WATCHDOG_GRACE).toSeconds() + " s", stripped(e));
        }
        if (attempt == 0 && !write && isConnectionFailure(e)) {
          // Most likely a connection left over from before a server restart, and so are the
          // other idle ones. Repeating a read is safe; a write may have been applied already.
          connections.discardIdle();
          recoverConnection(e);
          continue;
        }
        throw translate(e, "query");
      } finally {
        if (watched.finish()) {
          connection.close(); // back to the pool, or destroyed when Jedis marked it broken
        } else {
          connections.discard(connection); // cut by the watchdog
        }
      }
    }
  }

  private List<Object[]> rows(String cypher, CypherParams params, boolean write) {
    ResultSet rs;
    try {
      rs = run(cypher, params, write);
    } catch (BackendUnavailableException e) {
      if (!write && String.valueOf(e.getMessage()).contains("empty key")) {
        return List.of(); // the graph does not exist yet (nothing written): nothing to read
      }
      throw e;
    }
    List<Object[]> out = new ArrayList<>(rs.size());
    for (com.falkordb.Record r : rs) {
      out.add(r.values().toArray());
    }
    return out;
  }

  private static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JedisConnectionException || t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  private MemoryGraphException translate(RuntimeException e, String what) {
    if (e instanceof MemoryGraphException) {
      return (MemoryGraphException) e;
    }
    String msg = MemoryGraphException.redact(String.valueOf(e.getMessage()));
    if (password != null && !password.isEmpty()) {
      msg = msg.replace(password, "***");
    }
    if (e instanceof JedisAccessControlException || msg.contains("WRONGPASS") || msg.contains("NOAUTH")) {
      return new AuthenticationException(backendName() + " refused the credentials for " + host + ":" + port, null);
    }
    if (isConnectionFailure(e)) {
      return new BackendUnavailableException(backendName() + " at " + host + ":" + port + " unavailable: " + msg, stripped(e));
    }
    return new BackendUnavailableException(backendName() + " " + what + " failed: " + msg, stripped(e));
  }

  /** The driver exception, or a copy of its class and redacted message when it may hold the password. */
  private Throwable stripped(RuntimeException e) {
    if (password == null || password.isEmpty()) {
      return e;
    }
    RuntimeException copy = new RuntimeException(e.getClass().getName() + ": "
        + MemoryGraphException.redact(String.valueOf(e.getMessage())).replace(password, "***"));
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  // ---------------------------------------------------------------- schema

  @Override
  protected void doInitializeSchema() {
    List<Object[]> idx = rows("CALL db.indexes() YIELD label, properties, types, entitytype "
        + "RETURN label, properties, types, entitytype", null, false);
    boolean haveRange = false;
    Set<String> fulltext = new HashSet<>();
    for (Object[] r : idx) {
      if (!LABEL.equals(r[0]) || !"NODE".equals(r[3])) {
        continue;
      }
      Object types = r[2];
      if (types instanceof Map) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) types).entrySet()) {
          String t = String.valueOf(e.getValue());
          if ("id".equals(e.getKey()) && t.contains("RANGE")) {
            haveRange = true;
          }
          if (t.contains("FULLTEXT")) {
            fulltext.add(String.valueOf(e.getKey()));
          }
        }
      } else if (String.valueOf(types).contains("id: [RANGE")) {
        haveRange = true;
      }
    }
    if (!haveRange) {
      ignoringAlreadyIndexed(() -> run("CREATE INDEX FOR (m:" + LABEL + ") ON (m.id)", null, true, true));
    }
    if (!fulltext.containsAll(Codec.FULLTEXT_PROPS)) {
      StringBuilder q = new StringBuilder("CALL db.idx.fulltext.createNodeIndex({label: '" + LABEL
          + "', language: 'english', stopwords: []}");
      for (String p : Codec.FULLTEXT_PROPS) {
        if (!fulltext.contains(p)) {
          q.append(", '").append(p).append('\'');
        }
      }
      String query = q.append(')').toString();
      ignoringAlreadyIndexed(() -> run(query, null, true, true));
    }
    ensureUniqueConstraint();
  }

  private void ignoringAlreadyIndexed(Runnable r) {
    try {
      r.run();
    } catch (BackendUnavailableException e) {
      // Another backend on the same graph created it between our check and our create.
      String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (!m.contains("already indexed") && !m.contains("already exists")) {
        throw e;
      }
    }
  }

  private void ensureUniqueConstraint() {
    for (int i = 0; i < 200; i++) {
      String status = constraintStatus();
      if ("OPERATIONAL".equals(status)) {
        return;
      }
      if ("FAILED".equals(status)) {
        throw new BackendUnavailableException("the unique constraint on :" + LABEL + "(id) of graph "
            + graphName + " failed to build (duplicate ids stored?)");
      }
      if (status == null) {
        try {
          withJedis(j -> j.sendCommand(GRAPH_CONSTRAINT, "CREATE", graphName, "UNIQUE", "NODE", LABEL,
              "PROPERTIES", "1", "id"));
        } catch (BackendUnavailableException e) {
          if (!String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("already exists")) {
            throw e;
          }
        }
      }
      // The constraint replies PENDING and builds in the background.
      sleep(25);
    }
    throw new BackendUnavailableException("the unique constraint on :" + LABEL + "(id) did not become operational");
  }

  private String constraintStatus() {
    for (Object[] r : rows("CALL db.constraints() YIELD type, label, properties, entitytype, status "
        + "RETURN type, label, properties, entitytype, status", null, false)) {
      if ("UNIQUE".equals(r[0]) && LABEL.equals(r[1]) && "NODE".equals(r[3])
          && r[2] instanceof List && ((List<?>) r[2]).equals(List.of("id"))) {
        return String.valueOf(r[4]);
      }
    }
    return null;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException("interrupted");
    }
  }

  // ---------------------------------------------------------------- health

  @Override
  protected HealthStatus doHealthCheck() {
    long start = System.nanoTime();
    Instant checkedAt = Validation.now();
    Map<String, String> details = new TreeMap<>();
    details.put("graph", graphName);
    details.put("address", host + ":" + port);
    try {
      String version = withJedis(j -> {
        String info = j.info("server");
        String server = null;
        for (String line : info.split("\r?\n")) {
          if (line.startsWith("valkey_version:") || (server == null && line.startsWith("redis_version:"))) {
            server = (line.startsWith("valkey") ? "valkey " : "redis ") + line.substring(line.indexOf(':') + 1).strip();
          }
        }
        String module = null;
        for (Module m : j.moduleList()) {
          if ("graph".equalsIgnoreCase(m.getName()) || "falkordb".equalsIgnoreCase(m.getName())) {
            module = "falkordb " + moduleVersion(m.getVersion());
          }
        }
        if (server != null) {
          details.put("server", server);
        }
        return module != null ? module : server;
      });
      List<Object[]> counts = rows("MATCH (n:" + LABEL + ") WITH count(n) AS n "
          + "OPTIONAL MATCH (:" + LABEL + ")-[r]->(:" + LABEL + ") RETURN n, count(r)", null, false);
      Object[] c = counts.isEmpty() ? new Object[] {0L, 0L} : counts.get(0);
      return new HealthStatus(true, backendName(), version, Codec.lng(c[0]), Codec.lng(c[1]),
          Duration.ofNanos(System.nanoTime() - start), checkedAt, details, null);
    } catch (RuntimeException e) {
      return new HealthStatus(false, backendName(), null, -1, -1,
          Duration.ofNanos(System.nanoTime() - start), checkedAt, details,
          translate(e, "health check").getMessage());
    }
  }

  private static String moduleVersion(int v) {
    // Redis modules report MAJOR*10000 + MINOR*100 + PATCH.
    return (v / 10000) + "." + (v / 100 % 100) + "." + (v % 100);
  }

  // ---------------------------------------------------------------- native queries

  @Override
  protected List<Map<String, Object>> doExecuteQuery(String query, Map<String, Object> params, boolean write) {
    Objects.requireNonNull(query, "query");
    CypherParams p = CypherParams.create();
    try {
      params.forEach(p::put);
    } catch (IllegalArgumentException e) {
      throw new ValidationException("params", e.getMessage());
    }
    ResultSet rs;
    try {
      rs = run(query, p, write);
    } catch (BackendUnavailableException e) {
      if (serverRejected(e)) {
        // FalkorDB answered with an error: the caller's query is at fault, not the connection.
        throw new ValidationException("query", e.getMessage());
      }
      throw e;
    }
    List<String> cols = rs.getHeader().getSchemaNames();
    List<Map<String, Object>> out = new ArrayList<>();
    for (com.falkordb.Record r : rs) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < cols.size(); i++) {
        row.put(cols.get(i), plain(r.getValue(i)));
      }
      out.add(row);
    }
    return out;
  }

  private static boolean serverRejected(Throwable e) {
    if (isConnectionFailure(e)) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JedisDataException) {
        return true;
      }
    }
    return false;
  }

  private static Object plain(Object v) {
    if (v instanceof GraphEntity) {
      GraphEntity e = (GraphEntity) v;
      Map<String, Object> m = new LinkedHashMap<>();
      for (String k : e.getEntityPropertyNames()) {
        m.put(k, plain(e.getProperty(k).getValue()));
      }
      if (v instanceof Edge) {
        m.put("_type", ((Edge) v).getRelationshipType());
      } else if (v instanceof Node && ((Node) v).getNumberOfLabels() > 0) {
        m.put("_label", ((Node) v).getLabel(0));
      }
      return m;
    }
    if (v instanceof Path) {
      Path p = (Path) v;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("nodes", p.getNodes().stream().map(FalkorDbBackend::plain).collect(Collectors.toList()));
      m.put("relationships", p.getEdges().stream().map(FalkorDbBackend::plain).collect(Collectors.toList()));
      return m;
    }
    if (v instanceof List) {
      return ((List<?>) v).stream().map(FalkorDbBackend::plain).collect(Collectors.toList());
    }
    if (v instanceof Map) {
      Map<Object, Object> m = new LinkedHashMap<>();
      ((Map<?, ?>) v).forEach((k, x) -> m.put(k, plain(x)));
      return m;
    }
    return v;
  }

  // ---------------------------------------------------------------- memories

  private static final String MEMORY_UPSERT = "UNWIND $rows AS r "
      + "MERGE (n:" + LABEL + " {id: r[0]}) "
      + "ON CREATE SET n.created_at = r[" + Codec.M_CREATED + "], n.updated_at = r[" + Codec.M_UPDATED
      + "], n.version = r[" + Codec.M_VERSION + "] "
      // WriteRules.upsert: creation time kept, updated now (never before creation), version + 1.
      + "ON MATCH SET n.version = n.version + 1, "
      + "n.updated_at = CASE WHEN $now < n.created_at THEN n.created_at ELSE $now END "
      + "SET " + Codec.memoryAssignments("n", "r", false) + " "
      + "RETURN " + Codec.memoryProjection("n");

  @Override
  protected Memory doStoreMemory(Memory memory) {
    List<Object[]> r = rows(MEMORY_UPSERT, CypherParams.of("rows", List.of(Codec.memoryRow(memory)),
        "now", Instants.toMicros(Validation.now())), true);
    return Codec.memory(r.get(0)[0]);
  }

  @Override
  protected int doStoreMemories(List<Memory> memories) {
    if (memories.isEmpty()) {
      return 0;
    }
    List<Object> batch = new ArrayList<>(memories.size());
    for (Memory m : memories) {
      batch.add(Codec.memoryRow(Objects.requireNonNull(m, "memory")));
    }
    // One query: FalkorDB applies it entirely or not at all.
    run(MEMORY_UPSERT, CypherParams.of("rows", batch, "now", Instants.toMicros(Validation.now())), true);
    return memories.size();
  }

  @Override
  protected Optional<Memory> doGetMemory(String id) {
    List<Object[]> r = rows("MATCH (n:" + LABEL + " {id: $id}) RETURN " + Codec.memoryProjection("n"),
        CypherParams.of("id", id), false);
    return r.isEmpty() ? Optional.empty() : Optional.of(Codec.memory(r.get(0)[0]));
  }

  @Override
  protected Optional<Memory> doUpdateMemory(String id, MemoryUpdate u) {
    CypherParams p = CypherParams.of("id", id, "now", Instants.toMicros(Validation.now()));
    // MemoryUpdate.applyTo in one atomic query: only the set components change.
    StringBuilder set = new StringBuilder("n.version = n.version + 1, n.updated_at = $now");
    if (u.type() != null) {
      set.append(", n.type = $type");
      p.put("type", u.type().id());
    }
    if (u.title() != null) {
      set.append(", n.title = $title, n.ft_title = $ft_title");
      p.put("title", u.title()).put("ft_title", Codec.searchText(u.title()));
    }
    if (u.content() != null) {
      set.append(", n.content = $content, n.ft_content = $ft_content");
      p.put("content", u.content()).put("ft_content", Codec.searchText(u.content()));
    }
    if (u.summary() != null) {
      String s = u.summary().isEmpty() ? null : u.summary();
      set.append(", n.summary = $summary, n.ft_summary = $ft_summary");
      p.put("summary", s).put("ft_summary", s == null ? null : Codec.searchText(s));
    }
    if (u.tags() != null) {
      set.append(", n.tags = $tags, n.ft_tags = $ft_tags");
      p.put("tags", u.tags()).put("ft_tags", Codec.searchText(String.join(" ", u.tags())));
    }
    if (u.context() != null) {
      set.append(", ").append(Codec.contextAssignments("n", "$ctx"));
      p.put("ctx", Codec.contextRow(u.context()));
    }
    exactDouble(set, p, "importance", u.importance());
    exactDouble(set, p, "confidence", u.confidence());
    exactDouble(set, p, "effectiveness", u.effectiveness());
    if (u.usageCount() != null) {
      set.append(", n.usage_count = $usage_count");
      p.put("usage_count", u.usageCount());
    }
    if (u.lastAccessed() != null) {
      set.append(", n.last_accessed = $last_accessed");
      p.put("last_accessed", Instants.toMicros(u.lastAccessed()));
    }
    if (u.updatedBy() != null) {
      set.append(", n.updated_by = $updated_by");
      p.put("updated_by", u.updatedBy());
    }
    List<Object[]> r = rows("MATCH (n:" + LABEL + " {id: $id}) SET " + set + " RETURN "
        + Codec.memoryProjection("n"), p, true);
    return r.isEmpty() ? Optional.empty() : Optional.of(Codec.memory(r.get(0)[0]));
  }

  private static void exactDouble(StringBuilder set, CypherParams p, String name, Double v) {
    if (v != null) {
      set.append(", n.").append(name).append(" = $").append(name)
          .append(", n.").append(name).append("_x = $").append(name).append("_x");
      p.put(name, v).put(name + "_x", Codec.exact(v));
    }
  }

  @Override
  protected boolean doDeleteMemory(String id) {
    ResultSet rs = run("MATCH (n:" + LABEL + " {id: $id}) DETACH DELETE n", CypherParams.of("id", id), true);
    return rs.getStatistics().nodesDeleted() > 0;
  }

  @Override
  protected long doExportMemories(Consumer<? super Memory> sink) {
    long n = 0;
    String after = null;
    while (true) {
      // Keyset paging on the indexed id keeps memory use flat however large the graph is.
      List<Object[]> page = rows("MATCH (n:" + LABEL + ") WHERE $after IS NULL OR n.id > $after "
          + "RETURN " + Codec.memoryProjection("n") + " ORDER BY n.id LIMIT " + EXPORT_BATCH,
          CypherParams.of("after", after), false);
      for (Object[] r : page) {
        Memory m = Codec.memory(r[0]);
        sink.accept(m);
        after = m.id();
        n++;
      }
      if (page.size() < EXPORT_BATCH) {
        return n;
      }
    }
  }

  // ---------------------------------------------------------------- search

  @Override
  protected Page<Memory> doSearchMemories(SearchQuery q) {
    CypherParams p = CypherParams.create();
    List<String> where = new ArrayList<>();
    if (!q.types().isEmpty()) {
      where.add("n.type IN $types");
      p.put("types", q.types().stream().map(MemoryType::id).collect(Collectors.toList()));
    }
    if (!q.tags().isEmpty()) {
      where.add("any(t IN n.tags WHERE t IN $tags)");
      p.put("tags", new ArrayList<>(q.tags()));
    }
    if (q.projectPath() != null) {
      where.add("n.ctx_project_path = $project_path");
      p.put("project_path", q.projectPath());
    }
    if (q.minImportance() != null) {
      where.add("n.importance >= $min_importance");
      p.put("min_importance", q.minImportance());
    }
    if (q.minConfidence() != null) {
      where.add("n.confidence >= $min_confidence");
      p.put("min_confidence", q.minConfidence());
    }
    if (q.createdAfter() != null) {
      where.add("n.created_at > $created_after");
      p.put("created_after", Instants.toMicros(q.createdAfter()));
    }
    if (q.createdBefore() != null) {
      where.add("n.created_at < $created_before");
      p.put("created_before", Instants.toMicros(q.createdBefore()));
    }
    String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
    String relFilter = "";
    if (!q.relationshipTypes().isEmpty()) {
      // An OPTIONAL MATCH and a count: FalkorDB 4.16 rejects a pattern predicate on a node that
      // came from the full-text procedure ("Type mismatch: expected Null but was Pointer").
      String keep = q.hasText() ? "n, score" : "n";
      relFilter = " WITH " + keep + " OPTIONAL MATCH (n)-[x:" + typeAlternatives(q.relationshipTypes())
          + " {cur: true}]-(:" + LABEL + ") WITH " + keep + ", count(x) AS links WHERE links > 0";
    }
    p.put("offset", q.offset()).put("end", (long) q.offset() + q.limit());
    String head;
    if (q.hasText()) {
      p.put("q", fulltextQuery(q.terms()));
      head = "CALL db.idx.fulltext.queryNodes('" + LABEL + "', $q) YIELD node, score "
          + "WITH node AS n, score" + filter + relFilter + " WITH n, score ORDER BY score DESC, n.id ASC";
    } else {
      head = "MATCH (n:" + LABEL + ")" + filter + relFilter
          + " WITH n ORDER BY n.importance DESC, n.created_at DESC, n.id ASC";
    }
    String cypher = head + " WITH collect(n) AS ns RETURN size(ns), [x IN ns[$offset..$end] | "
        + Codec.memoryProjection("x") + "]";
    List<Object[]> result = rows(cypher, p, false);
    if (result.isEmpty()) {
      return new Page<>(List.of(), 0, q.offset(), q.limit());
    }
    Object[] r = result.get(0);
    List<Memory> items = new ArrayList<>();
    for (Object o : (List<?>) r[1]) {
      items.add(Codec.memory(o));
    }
    return new Page<>(items, Codec.lng(r[0]), q.offset(), q.limit());
  }

  /**
   * The RediSearch query for the words: each word escaped and the words AND-ed (RediSearch's
   * default for space-separated terms). The words are letters and digits only, so the escaping
   * is a second line of defence.
   */
  static String fulltextQuery(List<String> terms) {
    StringBuilder sb = new StringBuilder();
    for (String term : terms) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      String t = Codec.normalForm(term);
      for (int i = 0; i < t.length(); ) {
        int cp = t.codePointAt(i);
        if (!Character.isLetterOrDigit(cp)) {
          sb.append('\\');
        }
        sb.appendCodePoint(cp);
        i += Character.charCount(cp);
      }
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- relationships

  private static String typeAlternatives(Collection<RelationshipType> types) {
    // Enum names are the only text placed in a query.
    return types.stream().map(RelationshipType::name).sorted().collect(Collectors.joining("|"));
  }

  private static final String REL_MATCH = "MATCH (:" + LABEL + ")-[r]->(:" + LABEL + ") WHERE r.id = $id ";

  @Override
  protected Relationship doCreateRelationship(Relationship rel) {
    createAll(List.of(rel));
    return rel;
  }

  @Override
  protected int doCreateRelationships(List<Relationship> rels) {
    if (rels.isEmpty()) {
      return 0;
    }
    createAll(rels);
    return rels.size();
  }

  /**
   * Creates the relationships in one query that first checks, inside the same atomic write, that
   * every endpoint exists, that no id is taken and (when cycles are not allowed) that no edge
   * closes a same-type cycle; it creates nothing unless every check passes. When it created
   * nothing, a read finds out why to report it precisely.
   */
  private void createAll(List<Relationship> rels) {
    Set<String> ids = new HashSet<>();
    Set<String> endpoints = new LinkedHashSet<>();
    Map<RelationshipType, List<Object>> byType = new EnumMap<>(RelationshipType.class);
    for (Relationship r : rels) {
      Objects.requireNonNull(r, "relationship");
      if (!ids.add(r.id())) {
        throw new ConflictException("relationship id " + r.id() + " appears twice in the batch");
      }
      endpoints.add(r.fromId());
      endpoints.add(r.toId());
      byType.computeIfAbsent(r.type(), k -> new ArrayList<>()).add(Codec.relationshipRow(r));
    }
    if (!allowCycles) {
      checkCycles(rels);
    }
    CypherParams p = CypherParams.of("ends", new ArrayList<>(endpoints), "ids", new ArrayList<>(ids));
    StringBuilder q = new StringBuilder(
        "OPTIONAL MATCH (m:" + LABEL + ") WHERE m.id IN $ends WITH count(m) AS have "
        + "OPTIONAL MATCH (:" + LABEL + ")-[x]->(:" + LABEL + ") WHERE x.id IN $ids "
        + "WITH have, count(x) AS taken WHERE have = size($ends) AND taken = 0 ");
    int i = 0;
    StringBuilder carried = new StringBuilder("have");
    StringBuilder sum = new StringBuilder("0");
    for (Map.Entry<RelationshipType, List<Object>> e : byType.entrySet()) {
      String t = e.getKey().name();
      String rows = "rows" + i;
      p.put(rows, e.getValue());
      q.append("UNWIND $").append(rows).append(" AS r")
          .append(" MATCH (a:").append(LABEL).append(" {id: r[0]}), (b:").append(LABEL).append(" {id: r[1]})");
      if (!allowCycles) {
        // Re-checked here, atomically with the write, against what is stored.
        // (An edge that is already invalidated closes no current cycle.)
        q.append(" WHERE r[").append(Codec.REL_PROPS.indexOf("cur") + 2).append("] = false OR NOT (b)-[:")
            .append(t).append("* {cur: true}]->(a)");
      }
      // Grouping by the carried columns keeps "no rows" as no rows, so a failed check stops the chain.
      q.append(" CREATE (a)-[e:").append(t).append("]->(b) SET ").append(Codec.relationshipAssignments("e", "r"))
          .append(" WITH ").append(carried).append(", count(e) AS c").append(i).append(' ');
      carried.append(", c").append(i);
      sum.append(" + c").append(i);
      i++;
    }
    // A row dropped mid-way would leave a partial batch: fail the query so FalkorDB rolls it back.
    // (FalkorDB evaluates both CASE branches, so the failing division sits behind an UNWIND that
    // yields a row only when the count is wrong.)
    q.append("UNWIND CASE WHEN ").append(sum).append(" = $n THEN [] ELSE [0] END AS zero RETURN 1 / zero");
    p.put("n", rels.size());
    int created;
    try {
      created = run(q.toString(), p, true).getStatistics().relationshipsCreated();
    } catch (BackendUnavailableException e) {
      if (!String.valueOf(e.getMessage()).contains("Division by zero")) {
        throw e;
      }
      created = 0;
    }
    if (created == rels.size()) {
      return;
    }
    diagnoseCreateFailure(rels);
  }

  private void diagnoseCreateFailure(List<Relationship> rels) {
    Set<String> ends = new LinkedHashSet<>();
    for (Relationship r : rels) {
      ends.add(r.fromId());
      ends.add(r.toId());
    }
    Set<String> present = new HashSet<>();
    for (Object[] r : rows("MATCH (m:" + LABEL + ") WHERE m.id IN $ends RETURN m.id",
        CypherParams.of("ends", new ArrayList<>(ends)), false)) {
      present.add((String) r[0]);
    }
    for (Relationship r : rels) {
      if (!present.contains(r.fromId())) {
        throw new NotFoundException("memory", r.fromId());
      }
      if (!present.contains(r.toId())) {
        throw new NotFoundException("memory", r.toId());
      }
    }
    List<String> ids = rels.stream().map(Relationship::id).collect(Collectors.toList());
    List<Object[]> taken = rows("MATCH (:" + LABEL + ")-[x]->(:" + LABEL + ") WHERE x.id IN $ids RETURN x.id LIMIT 1",
        CypherParams.of("ids", ids), false);
    if (!taken.isEmpty()) {
      throw new ConflictException("a relationship with id " + taken.get(0)[0] + " already exists");
    }
    if (!allowCycles) {
      throw new ConflictException("the relationship would close a cycle of the same type, and "
          + ConfigKeys.MEMORY_ALLOW_CYCLES + " is false");
    }
    throw new BackendUnavailableException("the relationships were not created; the graph changed during the write");
  }

  /**
   * Rejects a batch whose edges, together with each other and the stored current edges, close a
   * same-type cycle. A single edge needs no pre-check: the write query itself tests it against the
   * stored edges, atomically. For a batch, the current edges of the types involved are read once
   * and the batch is added to them edge by edge, so cycles through several new edges are found.
   */
  private void checkCycles(List<Relationship> rels) {
    if (rels.size() < 2) {
      return;
    }
    Map<RelationshipType, Map<String, Set<String>>> adj = new EnumMap<>(RelationshipType.class);
    for (Relationship r : rels) {
      if (!r.isCurrent()) {
        continue;
      }
      Map<String, Set<String>> g = adj.computeIfAbsent(r.type(), this::currentEdges);
      if (reaches(g, r.toId(), r.fromId())) {
        throw new ConflictException("relationship " + r.id() + " (" + r.type() + ") would close a cycle of the "
            + "same type, and " + ConfigKeys.MEMORY_ALLOW_CYCLES + " is false");
      }
      g.computeIfAbsent(r.fromId(), k -> new HashSet<>()).add(r.toId());
    }
  }

  /** The stored current edges of one type, as an adjacency map. */
  private Map<String, Set<String>> currentEdges(RelationshipType t) {
    Map<String, Set<String>> g = new HashMap<>();
    for (Object[] r : rows("MATCH (a:" + LABEL + ")-[r:" + t.name() + "]->(b:" + LABEL + ") WHERE r.cur = true "
        + "RETURN a.id, b.id", null, false)) {
      g.computeIfAbsent((String) r[0], k -> new HashSet<>()).add((String) r[1]);
    }
    return g;
  }

  private static boolean reaches(Map<String, Set<String>> g, String from, String to) {
    Set<String> seen = new HashSet<>();
    List<String> stack = new ArrayList<>(List.of(from));
    while (!stack.isEmpty()) {
      String n = stack.remove(stack.size() - 1);
      if (n.equals(to)) {
        return true;
      }
      if (seen.add(n)) {
        stack.addAll(g.getOrDefault(n, Set.of()));
      }
    }
    return false;
  }

  @Override
  protected Optional<Relationship> doGetRelationship(String id) {
    List<Object[]> r = rows(REL_MATCH + "RETURN " + Codec.relationshipProjection("r"), CypherParams.of("id", id), false);
    return r.isEmpty() ? Optional.empty() : Optional.of(Codec.relationship(r.get(0)[0]));
  }

  @Override
  protected Optional<Relationship> doUpdateRelationship(String id, RelationshipUpdate u) {
    CypherParams p = CypherParams.of("id", id);
    List<String> set = new ArrayList<>();
    if (u.strength() != null) {
      set.add("r.strength = $strength, r.strength_x = $strength_x");
      p.put("strength", u.strength()).put("strength_x", Codec.exact(u.strength()));
    }
    if (u.confidence() != null) {
      set.add("r.confidence = $confidence, r.confidence_x = $confidence_x");
      p.put("confidence", u.confidence()).put("confidence_x", Codec.exact(u.confidence()));
    }
    if (u.context() != null) {
      set.add("r.context = $context");
      p.put("context", u.context().isEmpty() ? null : u.context());
    }
    if (u.evidenceCount() != null) {
      set.add("r.evidence_count = $evidence_count");
      p.put("evidence_count", u.evidenceCount());
    }
    if (u.successRate() != null) {
      set.add("r.success_rate = $success_rate, r.success_rate_x = $success_rate_x");
      p.put("success_rate", u.successRate()).put("success_rate_x", Codec.exact(u.successRate()));
    }
    if (u.lastValidated() != null) {
      set.add("r.last_validated = $last_validated");
      p.put("last_validated", Instants.toMicros(u.lastValidated()));
    }
    if (u.validationCount() != null) {
      set.add("r.validation_count = $validation_count");
      p.put("validation_count", u.validationCount());
    }
    if (u.counterEvidenceCount() != null) {
      set.add("r.counter_evidence_count = $counter_evidence_count");
      p.put("counter_evidence_count", u.counterEvidenceCount());
    }
    String cypher = REL_MATCH + (set.isEmpty() ? "" : "SET " + String.join(", ", set) + " ")
        + "RETURN " + Codec.relationshipProjection("r");
    List<Object[]> r = rows(cypher, p, !set.isEmpty());
    return r.isEmpty() ? Optional.empty() : Optional.of(Codec.relationship(r.get(0)[0]));
  }

  @Override
  protected boolean doDeleteRelationship(String id) {
    ResultSet rs = run(REL_MATCH + "DELETE r", CypherParams.of("id", id), true);
    return rs.getStatistics().relationshipsDeleted() > 0;
  }

  @Override
  protected Optional<Relationship> doInvalidateRelationship(String id, Instant at, String invalidatedBy) {
    Optional<Relationship> current = doGetRelationship(id);
    if (current.isEmpty() || !current.get().isCurrent()) {
      return current;
    }
    Relationship after = WriteRules.invalidate(current.get(), at, invalidatedBy);
    // Only a still-current edge is changed, so a concurrent invalidation is never overwritten.
    List<Object[]> r = rows(REL_MATCH + "AND r.valid_until IS NULL SET r.valid_until = $until, "
        + "r.invalidated_by = $by, r.cur = false RETURN " + Codec.relationshipProjection("r"),
        CypherParams.of("id", id, "until", Instants.toMicros(after.validUntil()), "by", after.invalidatedBy()), true);
    return r.isEmpty() ? doGetRelationship(id) : Optional.of(Codec.relationship(r.get(0)[0]));
  }

  @Override
  protected long doExportRelationships(Consumer<? super Relationship> sink) {
    long n = 0;
    String after = null;
    while (true) {
      List<Object[]> page = rows("MATCH (:" + LABEL + ")-[r]->(:" + LABEL + ") WHERE $after IS NULL OR r.id > $after "
          + "RETURN " + Codec.relationshipProjection("r") + " ORDER BY r.id LIMIT " + EXPORT_BATCH,
          CypherParams.of("after", after), false);
      for (Object[] r : page) {
        Relationship rel = Codec.relationship(r[0]);
        sink.accept(rel);
        after = rel.id();
        n++;
      }
      if (page.size() < EXPORT_BATCH) {
        return n;
      }
    }
  }

  // ---------------------------------------------------------------- graph

  /** One edge found by an expansion step: the memory it came from, the edge, the memory reached. */
  private static final class Step {
    final String previous;
    final Relationship edge;
    final String reached;
    final Memory memory;

    Step(String previous, Relationship edge, String reached, Memory memory) {
      this.previous = previous;
      this.edge = edge;
      this.reached = reached;
      this.memory = memory;
    }
  }

  /**
   * Expands one level: every edge allowed by the options from a frontier memory to a memory not
   * yet visited. One query per level keeps the work linear in the edges seen, where a
   * variable-length pattern would enumerate every path.
   */
  private List<Step> expand(Collection<String> frontier, Set<String> visited, Direction dir,
      Set<RelationshipType> types, Instant asOf, boolean withMemory) {
    String t = types.isEmpty() ? "" : ":" + typeAlternatives(types);
    String pattern;
    switch (dir) {
      case OUTGOING: pattern = "(p)-[r" + t + "]->(m:" + LABEL + ")"; break;
      case INCOMING: pattern = "(p)<-[r" + t + "]-(m:" + LABEL + ")"; break;
      default: pattern = "(p)-[r" + t + "]-(m:" + LABEL + ")"; break;
    }
    CypherParams p = CypherParams.of("frontier", new ArrayList<>(frontier), "visited", new ArrayList<>(visited));
    String valid;
    if (asOf == null) {
      valid = "r.valid_until IS NULL";
    } else {
      valid = "r.valid_from <= $as_of AND (r.valid_until IS NULL OR $as_of < r.valid_until)";
      p.put("as_of", Instants.toMicros(asOf));
    }
    // "p.id IN $frontier" rather than UNWIND: measured on FalkorDB 4.16 with 1,000 memories, the
    // UNWIND form with the visited filter took 3 s per level, this form 11 ms.
    String cypher = "MATCH (p:" + LABEL + ") WHERE p.id IN $frontier MATCH " + pattern
        + " WHERE " + valid + " AND NOT m.id IN $visited"
        + " RETURN p.id, " + Codec.relationshipProjection("r") + ", m.id"
        + (withMemory ? ", " + Codec.memoryProjection("m") : "");
    List<Step> out = new ArrayList<>();
    for (Object[] r : rows(cypher, p, false)) {
      out.add(new Step((String) r[0], Codec.relationship(r[1]), (String) r[2],
          withMemory ? Codec.memory(r[3]) : null));
    }
    return out;
  }

  /** Per newly reached memory, the step that reached it: smallest previous id, then edge id. */
  private static TreeMap<String, Step> firstSteps(List<Step> steps) {
    TreeMap<String, Step> best = new TreeMap<>();
    for (Step s : steps) {
      best.merge(s.reached, s, (a, b) -> {
        int c = a.previous.compareTo(b.previous);
        if (c == 0) {
          c = a.edge.id().compareTo(b.edge.id());
        }
        return c <= 0 ? a : b;
      });
    }
    return best;
  }

  @Override
  protected List<RelatedMemory> doGetRelatedMemories(String id, TraversalOptions o) {
    if (rows("MATCH (n:" + LABEL + " {id: $id}) RETURN 1", CypherParams.of("id", id), false).isEmpty()) {
      return List.of();
    }
    int depth = TraversalOptions.clampDepth("max_depth", o.maxDepth());
    List<RelatedMemory> out = new ArrayList<>();
    Set<String> visited = new HashSet<>(List.of(id));
    List<String> frontier = List.of(id);
    for (int d = 1; d <= depth && !frontier.isEmpty() && out.size() < o.limit(); d++) {
      TreeMap<String, Step> level = firstSteps(expand(frontier, visited, o.direction(), o.types(), o.asOf(), true));
      List<String> next = new ArrayList<>();
      for (Step s : level.values()) {
        if (out.size() >= o.limit()) {
          break;
        }
        out.add(RelatedMemory.of(s.memory, s.edge, d));
        visited.add(s.reached);
        next.add(s.reached);
      }
      frontier = next;
    }
    return out;
  }

  @Override
  protected Optional<MemoryPath> doFindPath(String fromId, String toId, PathOptions o) {
    Set<String> present = new HashSet<>();
    for (Object[] r : rows("MATCH (n:" + LABEL + ") WHERE n.id IN $ids RETURN n.id",
        CypherParams.of("ids", List.of(fromId, toId)), false)) {
      present.add((String) r[0]);
    }
    if (!present.contains(fromId) || !present.contains(toId)) {
      return Optional.empty();
    }
    if (fromId.equals(toId)) {
      return doGetMemory(fromId).map(m -> new MemoryPath(List.of(m), List.of()));
    }
    int depth = TraversalOptions.clampDepth("max_depth", o.maxDepth());
    Map<String, Step> parent = new HashMap<>();
    Set<String> visited = new HashSet<>(List.of(fromId));
    List<String> frontier = List.of(fromId);
    for (int d = 1; d <= depth && !frontier.isEmpty(); d++) {
      TreeMap<String, Step> level = firstSteps(expand(frontier, visited, o.direction(), o.types(), o.asOf(), false));
      parent.putAll(level);
      visited.addAll(level.keySet());
      if (level.containsKey(toId)) {
        List<Relationship> edges = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String at = toId; !at.equals(fromId); at = parent.get(at).previous) {
          ids.add(0, at);
          edges.add(0, parent.get(at).edge);
        }
        ids.add(0, fromId);
        Map<String, Memory> byId = new HashMap<>();
        for (Object[] r : rows("MATCH (n:" + LABEL + ") WHERE n.id IN $ids RETURN " + Codec.memoryProjection("n"),
            CypherParams.of("ids", ids), false)) {
          Memory m = Codec.memory(r[0]);
          byId.put(m.id(), m);
        }
        List<Memory> ms = new ArrayList<>();
        for (String i : ids) {
          Memory m = byId.get(i);
          if (m == null) {
            return Optional.empty(); // deleted meanwhile
          }
          ms.add(m);
        }
        return Optional.of(new MemoryPath(ms, edges));
      }
      frontier = new ArrayList<>(level.keySet());
    }
    return Optional.empty();
  }

  @Override
  protected List<Relationship> doGetRelationshipHistory(String memoryId) {
    List<Relationship> out = new ArrayList<>();
    for (Object[] r : rows("MATCH (m:" + LABEL + " {id: $id})-[r]-(:" + LABEL + ") RETURN "
        + Codec.relationshipProjection("r") + " ORDER BY r.valid_from, r.recorded_at, r.id",
        CypherParams.of("id", memoryId), false)) {
      out.add(Codec.relationship(r[0]));
    }
    return out;
  }

  @Override
  protected ChangeSet doGetChangesSince(Instant since) {
    long s = Instants.toMicros(since);
    int cap = ChangeSet.MAX_ITEMS;
    List<Memory> ms = new ArrayList<>();
    for (Object[] r : rows("MATCH (n:" + LABEL + ") WHERE n.updated_at >= $since RETURN "
        + Codec.memoryProjection("n") + " ORDER BY n.updated_at, n.id LIMIT " + (cap + 1),
        CypherParams.of("since", s), false)) {
      ms.add(Codec.memory(r[0]));
    }
    List<Relationship> rs = new ArrayList<>();
    for (Object[] r : rows("MATCH (:" + LABEL + ")-[r]->(:" + LABEL + ") "
        + "WHERE r.recorded_at >= $since OR (r.valid_until IS NOT NULL AND r.valid_until >= $since) "
        + "WITH r, CASE WHEN r.valid_until IS NOT NULL AND r.valid_until > r.recorded_at "
        + "THEN r.valid_until ELSE r.recorded_at END AS t "
        + "RETURN " + Codec.relationshipProjection("r") + " ORDER BY t, r.id LIMIT " + (cap + 1),
        CypherParams.of("since", s), false)) {
      rs.add(Codec.relationship(r[0]));
    }
    boolean truncated = ms.size() > cap || rs.size() > cap;
    return new ChangeSet(since, ms.subList(0, Math.min(cap, ms.size())),
        rs.subList(0, Math.min(cap, rs.size())), truncated);
  }

  @Override
  protected GraphStatistics doGetStatistics() {
    Map<MemoryType, Long> byType = new EnumMap<>(MemoryType.class);
    long memories = 0;
    double importanceSum = 0;
    for (Object[] r : rows("MATCH (n:" + LABEL + ") RETURN n.type, count(n), sum(n.importance)", null, false)) {
      long c = Codec.lng(r[1]);
      byType.put(MemoryType.parse((String) r[0]), c);
      memories += c;
      importanceSum += Codec.dbl(r[2]);
    }
    Map<RelationshipType, Long> relByType = new EnumMap<>(RelationshipType.class);
    long rels = 0;
    long current = 0;
    for (Object[] r : rows("MATCH (:" + LABEL + ")-[r]->(:" + LABEL + ") "
        + "RETURN type(r), r.valid_until IS NULL, count(r)", null, false)) {
      long c = Codec.lng(r[2]);
      rels += c;
      if (Boolean.TRUE.equals(r[1])) {
        current += c;
        relByType.merge(RelationshipType.valueOf((String) r[0]), c, Long::sum);
      }
    }
    return new GraphStatistics(memories, rels, current, byType, relByType,
        memories == 0 ? 0.0 : importanceSum / memories);
  }

  @Override
  protected RecentActivity doGetRecentActivity(RecentActivityQuery q) {
    Instant since = Validation.now().minus(q.days(), ChronoUnit.DAYS);
    CypherParams p = CypherParams.of("since", Instants.toMicros(since), "project", q.projectPath());
    String window = "MATCH (n:" + LABEL + ") WHERE n.updated_at >= $since "
        + "AND ($project IS NULL OR n.ctx_project_path = $project) ";
    Map<MemoryType, Long> byType = new EnumMap<>(MemoryType.class);
    long total = 0;
    for (Object[] r : rows(window + "RETURN n.type, count(n)", p, false)) {
      long c = Codec.lng(r[1]);
      byType.put(MemoryType.parse((String) r[0]), c);
      total += c;
    }
    List<Memory> recent = new ArrayList<>();
    for (Object[] r : rows(window + "RETURN " + Codec.memoryProjection("n")
        + " ORDER BY n.updated_at DESC, n.id ASC LIMIT " + q.limit(), p, false)) {
      recent.add(Codec.memory(r[0]));
    }
    List<Memory> unresolved = new ArrayList<>();
    for (Object[] r : rows(window + "AND n.type IN ['problem', 'error'] "
        + "AND NOT (n)<-[:" + RelationshipType.SOLVES.name() + "|" + RelationshipType.ADDRESSES.name()
        + " {cur: true}]-(:" + LABEL + ") RETURN " + Codec.memoryProjection("n")
        + " ORDER BY n.updated_at DESC, n.id ASC LIMIT " + q.limit(), p, false)) {
      unresolved.add(Codec.memory(r[0]));
    }
    return new RecentActivity(since, total, byType, recent, unresolved);
  }

  // ---------------------------------------------------------------- builder

  /** Builds a {@link FalkorDbBackend}. */
  public static class Builder {
    String host = "localhost";
    int port = DEFAULT_PORT;
    String password;
    String graph = DEFAULT_GRAPH;
    boolean allowCycles = true;
    int poolSize = 8;
    Duration timeout = Duration.ofSeconds(30);

    /** Creates a builder with the defaults. */
    protected Builder() {}

    /** Reads the FalkorDB settings and {@code MEMORY_ALLOW_CYCLES} from a configuration. */
    public Builder configure(MemoryGraphConfig config) {
      config.get(ConfigKeys.MEMORY_FALKORDB_HOST).ifPresent(this::host);
      port(config.getInt(ConfigKeys.MEMORY_FALKORDB_PORT, DEFAULT_PORT));
      config.get(ConfigKeys.MEMORY_FALKORDB_PASSWORD).ifPresent(this::password);
      config.get(ConfigKeys.MEMORY_FALKORDB_GRAPH).ifPresent(this::graph);
      allowCycles(config.allowCycles());
      return this;
    }

    /** Sets the host (default localhost). */
    public Builder host(String v) {
      if (v == null || v.isBlank() || !v.strip().matches("[A-Za-z0-9.:\\[\\]_-]+")) {
        throw new ValidationException(ConfigKeys.MEMORY_FALKORDB_HOST, "must be a host name or address");
      }
      this.host = v.strip();
      return this;
    }

    /** Sets the port (default 6379). */
    public Builder port(int v) {
      if (v < 1 || v > 65535) {
        throw new ValidationException(ConfigKeys.MEMORY_FALKORDB_PORT, "must be between 1 and 65535 (was " + v + ")");
      }
      this.port = v;
      return this;
    }

    /** Sets the password (secret; never shown). */
    public Builder password(String v) {
      this.password = v == null || v.isEmpty() ? null : v;
      return this;
    }

    /** Sets the graph name (default {@code memorygraph}). */
    public Builder graph(String v) {
      // The name is sent as a command argument, never inside query text; still keep it plain.
      if (v == null || !v.matches("[A-Za-z0-9_.:-]{1,128}")) {
        throw new ValidationException(ConfigKeys.MEMORY_FALKORDB_GRAPH,
            "must be 1-128 letters, digits or _ . : - (was '" + v + "')");
      }
      this.graph = v;
      return this;
    }

    /** Whether same-type cycles are allowed (default true). */
    public Builder allowCycles(boolean v) {
      this.allowCycles = v;
      return this;
    }

    /** Threads and connections used (default 8). */
    public Builder poolSize(int v) {
      if (v < 1 || v > 256) {
        throw new ValidationException("pool_size", "must be between 1 and 256 (was " + v + ")");
      }
      this.poolSize = v;
      return this;
    }

    /** Socket and query timeout (default 30 s). */
    public Builder timeout(Duration v) {
      if (v == null || v.isNegative() || v.isZero()) {
        throw new ValidationException("timeout", "must be positive");
      }
      this.timeout = v;
      return this;
    }

    /** Builds the unconnected backend. */
    public FalkorDbBackend build() {
      return new FalkorDbBackend(this);
    }

    @Override
    public String toString() {
      return "FalkorDbBackend.Builder[" + host + ":" + port + ", graph=" + graph
          + (password == null ? "" : ", password=***") + "]";
    }
  }
}
