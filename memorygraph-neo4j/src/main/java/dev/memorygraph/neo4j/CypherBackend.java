package dev.memorygraph.neo4j;

import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.ConflictException;
import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.ValidationException;
import dev.memorygraph.model.Capabilities;
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
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.Instants;
import dev.memorygraph.spi.WriteRules;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.async.AsyncQueryRunner;
import org.neo4j.driver.async.AsyncSession;
import org.neo4j.driver.async.AsyncTransactionCallback;
import org.neo4j.driver.async.ResultCursor;
import org.neo4j.driver.exceptions.Neo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory graph over Cypher and Bolt, on the Neo4j driver's asynchronous API; the parts that
 * differ between databases come from a {@link CypherDialect}.
 *
 * <p>Every operation runs in a managed transaction ({@code executeReadAsync} /
 * {@code executeWriteAsync}), so the driver retries it on transient errors (leader switch,
 * deadlock, restart) within the configured retry time. Read-modify-write operations first take
 * the write lock of what they change, inside the same transaction, so concurrent writers
 * serialise. Futures complete on a small callback pool, never on the driver's event loop, so
 * that callers' continuations cannot stall the driver.
 *
 * <p>Only relationship type enum names and clamped integers are ever written into query text;
 * every other value is a parameter.
 */
public abstract class CypherBackend implements GraphBackend {
  private static final Logger LOG = LoggerFactory.getLogger(CypherBackend.class);
  private static final int EXPORT_PAGE = 500;
  private static final Executor CALLBACKS = callbackPool();

  private final CypherSettings settings;
  private final CypherDialect dialect;
  private final AtomicReference<Driver> driver = new AtomicReference<>();

  /**
   * Creates an unconnected backend.
   *
   * @param settings where to connect and how to behave
   * @param dialect the database's Cypher dialect
   */
  protected CypherBackend(CypherSettings settings, CypherDialect dialect) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
    this.dialect = java.util.Objects.requireNonNull(dialect, "dialect");
  }

  private static Executor callbackPool() {
    AtomicInteger n = new AtomicInteger();
    // Unbounded and cached: a caller may block inside a continuation (even on another call of
    // this backend), which must never starve the completions it waits for.
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "memorygraph-cypher-callback-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** The settings this backend was created with (the password is hidden from {@code toString()}). */
  public CypherSettings settings() {
    return settings;
  }

  /** The dialect in use. */
  public CypherDialect dialect() {
    return dialect;
  }

  @Override
  public String backendName() {
    return dialect.name();
  }

  @Override
  public Capabilities capabilities() {
    return dialect.capabilities();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + settings + "]";
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Creates the driver; subclasses may adjust the configuration. The driver logs through
   * {@link System.Logger} (its own default), which applications can route to SLF4J.
   */
  protected Driver createDriver() {
    Config config = Config.builder()
        .withMaxConnectionPoolSize(settings.maxConnectionPoolSize())
        .withConnectionTimeout(settings.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .withMaxTransactionRetryTime(settings.maxTransactionRetryTime().toMillis(), TimeUnit.MILLISECONDS)
        .build();
    AuthToken auth = settings.user() == null ? AuthTokens.none()
        : AuthTokens.basic(settings.user(), settings.password() == null ? "" : settings.password());
    return GraphDatabase.driver(settings.uri(), auth, config);
  }

  @Override
  public CompletableFuture<Void> connect() {
    Driver d;
    synchronized (driver) {
      d = driver.get();
      if (d == null) {
        try {
          d = createDriver();
        } catch (RuntimeException e) {
          return CompletableFuture.failedFuture(CypherErrors.map(backendName(), e));
        }
        driver.set(d);
      }
    }
    Driver created = d;
    CompletableFuture<Void> out = new CompletableFuture<>();
    created.verifyConnectivityAsync().whenComplete((v, e) -> CALLBACKS.execute(() -> {
      if (e == null) {
        out.complete(null);
      } else {
        // Leave no half-open driver behind: a later connect() starts afresh.
        driver.compareAndSet(created, null);
        created.closeAsync();
        out.completeExceptionally(CypherErrors.map(backendName(), e));
      }
    }));
    return out;
  }

  @Override
  public CompletableFuture<Void> disconnect() {
    Driver d = driver.getAndSet(null);
    if (d == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> out = new CompletableFuture<>();
    d.closeAsync().whenComplete((v, e) -> CALLBACKS.execute(() -> {
      if (e != null) {
        LOG.debug("{}: closing the driver failed: {}", backendName(), MemoryGraphException.redact(e.toString()));
      }
      out.complete(null);
    }));
    return out;
  }

  // ---------------------------------------------------------------- plumbing

  private SessionConfig sessionConfig(boolean write) {
    SessionConfig.Builder b = SessionConfig.builder().withDefaultAccessMode(write ? AccessMode.WRITE : AccessMode.READ);
    if (settings.database() != null && dialect.supportsDatabaseNames()) {
      b.withDatabase(settings.database());
    }
    return b.build();
  }

  /**
   * Runs work in a managed transaction and completes the returned future on the callback pool
   * with the result, or with a library exception.
   */
  protected final <T> CompletableFuture<T> inTransaction(boolean write, AsyncTransactionCallback<CompletionStage<T>> work) {
    return withSession(write, session -> write ? session.executeWriteAsync(work) : session.executeReadAsync(work));
  }

  /**
   * Runs one statement in an auto-commit transaction (schema changes: some databases refuse
   * them inside explicit transactions).
   */
  protected final CompletableFuture<Void> autoCommit(String statement) {
    return withSession(true, session -> session.runAsync(statement)
        .thenCompose(ResultCursor::consumeAsync).thenApply(summary -> (Void) null));
  }

  private <T> CompletableFuture<T> withSession(boolean write, java.util.function.Function<AsyncSession, CompletionStage<T>> work) {
    Driver d = driver.get();
    if (d == null) {
      return CompletableFuture.failedFuture(new BackendUnavailableException(backendName() + " is not connected"));
    }
    AsyncSession session;
    try {
      session = d.session(AsyncSession.class, sessionConfig(write));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(CypherErrors.map(backendName(), e));
    }
    CompletableFuture<T> out = new CompletableFuture<>();
    CompletionStage<T> stage;
    try {
      stage = work.apply(session);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete((value, error) -> session.closeAsync().whenComplete((ignored, closeError) ->
        CALLBACKS.execute(() -> {
          if (error != null) {
            out.completeExceptionally(CypherErrors.map(backendName(), error));
          } else {
            out.complete(value);
          }
        })));
    return out;
  }

  /** Runs one statement and collects its records. */
  protected static CompletionStage<List<Record>> list(AsyncQueryRunner tx, String query, Map<String, Object> params) {
    return tx.runAsync(query, params).thenCompose(ResultCursor::listAsync);
  }

  private static Map<String, Object> params(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** {@code :A|B} for the given types, or nothing for all types; only enum names. */
  static String typeAlternation(Set<RelationshipType> types) {
    return types.isEmpty() ? "" : ":" + types.stream().map(Enum::name).sorted().collect(Collectors.joining("|"));
  }

  /** The validity predicate of edge variable {@code x}: current, or valid at {@code $asOf}. */
  static String validity(Instant asOf) {
    return asOf == null ? "x.valid_until IS NULL"
        : "x.valid_from <= $asOf AND (x.valid_until IS NULL OR $asOf < x.valid_until)";
  }

  private static List<Memory> memories(List<Record> records, String column) {
    List<Memory> out = new ArrayList<>(records.size());
    for (Record r : records) {
      out.add(CypherValues.memory(r.get(column).asNode()));
    }
    return out;
  }

  private static List<Relationship> relationships(List<Record> records) {
    List<Relationship> out = new ArrayList<>(records.size());
    for (Record r : records) {
      out.add(CypherValues.relationship(r));
    }
    return out;
  }

  /** The node properties of a memory: the storage model plus the dialect's search fields. */
  private Map<String, Object> memoryProperties(Memory m) {
    return CypherRows.memoryProperties(m, dialect);
  }

  private static final String REL_ROW = "rel, startNode(rel).id AS from, endNode(rel).id AS to";

  // ---------------------------------------------------------------- seed interface

  @Override
  public CompletableFuture<List<Map<String, Object>>> executeQuery(String query, Map<String, Object> params, boolean write) {
    if (query == null || query.isBlank()) {
      return CompletableFuture.failedFuture(new ValidationException("query", "must not be blank"));
    }
    Map<String, Object> p = params == null ? Map.of() : params;
    return this.<List<Map<String, Object>>>inTransaction(write, tx -> list(tx, query, p).thenApply(records -> {
      List<Map<String, Object>> rows = new ArrayList<>(records.size());
      for (Record r : records) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String k : r.keys()) {
          row.put(k, CypherValues.plain(r.get(k)));
        }
        rows.add(java.util.Collections.unmodifiableMap(row));
      }
      return rows;
    }));
  }

  @Override
  public CompletableFuture<Void> initializeSchema() {
    String existingQuery = dialect.existingSchemaQuery();
    CompletableFuture<Set<String>> existing = existingQuery == null ? CompletableFuture.completedFuture(Set.of())
        : inTransaction(false, tx -> list(tx, existingQuery, Map.of()).thenApply(rs -> {
          Set<String> names = new java.util.HashSet<>();
          rs.forEach(r -> names.add(r.get("name").asString()));
          return names;
        }));
    CompletableFuture<Void> chain = existing.thenApply(names -> null);
    for (Map.Entry<String, String> e : dialect.schemaStatements().entrySet()) {
      String statement = e.getValue();
      chain = chain.thenCompose(v -> existing.join().contains(e.getKey()) ? CompletableFuture.completedFuture(null)
          : autoCommit(statement)
          .exceptionallyCompose(error -> {
            Throwable cause = CypherErrors.unwrap(error).getCause();
            if (cause instanceof Neo4jException && dialect.isAlreadyExists((Neo4jException) cause)) {
              // Databases without IF NOT EXISTS report an existing index or constraint as an error.
              return CompletableFuture.completedFuture(null);
            }
            if (dialect.isOptionalSchemaStatement(statement)) {
              LOG.info("{}: optional schema statement skipped ({})", backendName(),
                  MemoryGraphException.redact(error.getMessage()));
              return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.failedFuture(error);
          }));
    }
    String await = dialect.awaitIndexesStatement();
    if (await != null) {
      chain = chain.thenCompose(v -> autoCommit(await));
    }
    if (!settings.allowCycles()) {
      // The cycle checks' lock nodes exist before the first write needs them: concurrent first
      // creators then never race (Memgraph would refuse one of them at commit through the
      // uniqueness constraint, a failed write rather than a retry). Two clients initialising an
      // empty Memgraph at once can meet that here: the second attempt finds the first's nodes.
      chain = chain.thenCompose(v -> createCycleLocks()
          .exceptionallyCompose(error -> {
            LOG.debug("{}: creating the cycle-check lock nodes failed once, trying again ({})", backendName(),
                MemoryGraphException.redact(String.valueOf(error.getMessage())));
            return createCycleLocks();
          }));
    }
    return chain;
  }

  private CompletableFuture<Void> createCycleLocks() {
    List<String> names = java.util.Arrays.stream(RelationshipType.values()).map(CypherBackend::cycleLockName)
        .collect(Collectors.toList());
    return inTransaction(true, tx -> list(tx, "UNWIND $names AS name MERGE (:" + CypherDialect.LOCK_LABEL
        + " {name: name})", params("names", names)).thenApply(x -> (Void) null));
  }

  /**
   * Checks the server with one unmanaged read transaction: no driver retries, and at most the
   * connection timeout, so that an unreachable server is reported promptly as unhealthy.
   */
  @Override
  public CompletableFuture<HealthStatus> healthCheck() {
    long start = System.nanoTime();
    Instant at = Validation.now();
    CompletableFuture<HealthStatus> check = this.<HealthStatus>withSession(false, session -> session.beginTransactionAsync()
        .thenCompose(tx -> list(tx, dialect.serverInfoQuery(), Map.of())
            .thenCompose(info -> list(tx, "MATCH (m:Memory) RETURN count(m) AS n", Map.of())
                .thenCompose(mc -> list(tx, "MATCH (:Memory)-[r]->(:Memory) RETURN count(r) AS n", Map.of())
                    .thenApply(rc -> healthy(info, mc, rc, start, at))))
            .whenComplete((h, e) -> tx.rollbackAsync())));
    return check.orTimeout(settings.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(e -> new HealthStatus(false, backendName(), null, -1, -1,
            Duration.ofNanos(System.nanoTime() - start), at,
            Map.of("uri", MemoryGraphException.redact(settings.uri())),
            CypherErrors.unwrap(e) instanceof java.util.concurrent.TimeoutException
                ? backendName() + " did not answer within " + settings.connectionTimeout()
                : MemoryGraphException.redact(CypherErrors.map(backendName(), e).getMessage())));
  }

  private HealthStatus healthy(List<Record> info, List<Record> mc, List<Record> rc, long start, Instant at) {
    Map<String, String> details = new TreeMap<>();
    details.put("uri", MemoryGraphException.redact(settings.uri()));
    if (settings.database() != null && dialect.supportsDatabaseNames()) {
      details.put("database", settings.database());
    }
    String version = null;
    if (!info.isEmpty()) {
      Record r = info.get(0);
      version = r.containsKey("version") && !r.get("version").isNull() ? r.get("version").asString() : null;
      if (r.containsKey("edition") && !r.get("edition").isNull()) {
        details.put("edition", r.get("edition").asString());
      }
    }
    return new HealthStatus(true, backendName(), version, mc.get(0).get("n").asLong(),
        rc.get(0).get("n").asLong(), Duration.ofNanos(System.nanoTime() - start), at, details, null);
  }

  // ---------------------------------------------------------------- memories

  @Override
  public CompletableFuture<Memory> storeMemory(Memory memory) {
    return upsert(List.of(java.util.Objects.requireNonNull(memory, "memory")))
        .thenApply(stored -> stored.get(memory.id()));
  }

  @Override
  public CompletableFuture<Integer> storeMemories(List<Memory> memories) {
    List<Memory> copy = List.copyOf(memories);
    if (copy.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    return upsert(copy).thenApply(stored -> copy.size());
  }

  /** Upserts all memories in one transaction; returns the stored form by id. */
  private CompletableFuture<Map<String, Memory>> upsert(List<Memory> incoming) {
    List<String> ids = incoming.stream().map(Memory::id).distinct().collect(Collectors.toList());
    return inTransaction(true, tx -> list(tx,
        // MERGE under the uniqueness constraint serialises creators of the same id; the SET
        // takes the node's write lock so the read below cannot go stale before our write.
        "UNWIND $ids AS id MERGE (m:Memory {id: id}) ON CREATE SET m.__new = true "
            + "SET m.__lock = true RETURN m", params("ids", ids))
        .thenCompose(records -> {
          Map<String, Memory> existing = new HashMap<>();
          for (Record r : records) {
            var node = r.get("m").asNode();
            if (!node.containsKey("__new")) {
              Memory m = CypherValues.memory(node);
              existing.put(m.id(), m);
            }
          }
          Instant now = Validation.now();
          Map<String, Memory> stored = new LinkedHashMap<>();
          for (Memory m : incoming) {
            Memory previous = stored.containsKey(m.id()) ? stored.get(m.id()) : existing.get(m.id());
            stored.put(m.id(), WriteRules.upsert(previous, m, now));
          }
          List<Map<String, Object>> rows = stored.values().stream()
              .map(this::memoryProperties).collect(Collectors.toList());
          return list(tx, "UNWIND $rows AS row MATCH (m:Memory {id: row.id}) SET m = row", params("rows", rows))
              .thenApply(x -> stored);
        }));
  }

  @Override
  public CompletableFuture<Optional<Memory>> getMemory(String id) {
    return inTransaction(false, tx -> list(tx, "MATCH (m:Memory {id: $id}) RETURN m", params("id", id))
        .thenApply(rs -> rs.isEmpty() ? Optional.<Memory>empty() : Optional.of(CypherValues.memory(rs.get(0).get("m").asNode()))));
  }

  @Override
  public CompletableFuture<Optional<Memory>> updateMemory(String id, MemoryUpdate update) {
    java.util.Objects.requireNonNull(update, "update");
    return inTransaction(true, tx -> list(tx, "MATCH (m:Memory {id: $id}) SET m.__lock = true RETURN m", params("id", id))
        .thenCompose(rs -> {
          if (rs.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.<Memory>empty());
          }
          Memory updated = update.applyTo(CypherValues.memory(rs.get(0).get("m").asNode()), Validation.now());
          return list(tx, "MATCH (m:Memory {id: $id}) SET m = $props",
              params("id", id, "props", memoryProperties(updated)))
              .thenApply(x -> Optional.of(updated));
        }));
  }

  @Override
  public CompletableFuture<Boolean> deleteMemory(String id) {
    return inTransaction(true, tx -> list(tx, "MATCH (m:Memory {id: $id}) DETACH DELETE m RETURN count(*) AS n", params("id", id))
        .thenApply(rs -> !rs.isEmpty() && rs.get(0).get("n").asLong() > 0));
  }

  @Override
  public CompletableFuture<Page<Memory>> searchMemories(SearchQuery q) {
    Map<String, Object> p = new HashMap<>();
    List<String> preds = new ArrayList<>();
    if (!q.types().isEmpty()) {
      preds.add("m.type IN $types");
      p.put("types", q.types().stream().map(MemoryType::id).collect(Collectors.toList()));
    }
    if (!q.tags().isEmpty()) {
      preds.add("any(tag IN m.tags WHERE tag IN $tags)");
      p.put("tags", new ArrayList<>(q.tags()));
    }
    if (q.projectPath() != null) {
      preds.add("m.project_path = $projectPath");
      p.put("projectPath", q.projectPath());
    }
    if (q.minImportance() != null) {
      preds.add("m.importance >= $minImportance");
      p.put("minImportance", q.minImportance());
    }
    if (q.minConfidence() != null) {
      preds.add("m.confidence >= $minConfidence");
      p.put("minConfidence", q.minConfidence());
    }
    if (q.createdAfter() != null) {
      preds.add("m.created_at > $createdAfter");
      p.put("createdAfter", Instants.toMicros(q.createdAfter()));
    }
    if (q.createdBefore() != null) {
      preds.add("m.created_at < $createdBefore");
      p.put("createdBefore", Instants.toMicros(q.createdBefore()));
    }
    String filter = preds.isEmpty() ? null : String.join(" AND ", preds);
    String source;
    if (q.hasText()) {
      source = dialect.textSearch(q.terms(), filter);
      p.put("text", dialect.textParameter(q.terms()));
    } else {
      source = "MATCH (m:Memory) " + (filter == null ? "" : "WHERE " + filter + " ") + "WITH m, 0.0 AS score ";
    }
    if (!q.relationshipTypes().isEmpty()) {
      source += "OPTIONAL MATCH (m)-[hr]-(:Memory) WHERE type(hr) IN $relTypes AND hr.valid_until IS NULL "
          + "WITH m, score, count(hr) AS hrc WHERE hrc > 0 ";
      p.put("relTypes", q.relationshipTypes().stream().map(Enum::name).collect(Collectors.toList()));
    }
    String order = q.hasText() ? "score DESC, m.id ASC" : "m.importance DESC, m.created_at DESC, m.id ASC";
    p.put("offset", (long) q.offset());
    p.put("limit", (long) q.limit());
    String count = source + "RETURN count(m) AS total";
    String page = source + "WITH m, score ORDER BY " + order + " SKIP $offset LIMIT $limit RETURN m";
    return inTransaction(false, tx -> list(tx, count, p)
        .thenCompose(total -> list(tx, page, p).thenApply(rows -> new Page<>(memories(rows, "m"),
            total.get(0).get("total").asLong(), q.offset(), q.limit()))));
  }

  @Override
  public CompletableFuture<Long> exportMemories(Consumer<? super Memory> sink) {
    java.util.Objects.requireNonNull(sink, "sink");
    return exportMemoryPage("", 0L, sink);
  }

  private CompletableFuture<Long> exportMemoryPage(String after, long sofar, Consumer<? super Memory> sink) {
    return inTransaction(false, tx -> list(tx,
        "MATCH (m:Memory) WHERE m.id > $after RETURN m ORDER BY m.id ASC LIMIT $n",
        params("after", after, "n", (long) EXPORT_PAGE)).thenApply(rs -> memories(rs, "m")))
        .thenCompose(page -> {
          // Runs on the callback pool: the sink may block without stalling the driver.
          page.forEach(sink);
          long total = sofar + page.size();
          return page.size() < EXPORT_PAGE ? CompletableFuture.completedFuture(total)
              : exportMemoryPage(page.get(page.size() - 1).id(), total, sink);
        });
  }

  // ---------------------------------------------------------------- relationships

  @Override
  public CompletableFuture<Relationship> createRelationship(Relationship relationship) {
    java.util.Objects.requireNonNull(relationship, "relationship");
    return inTransaction(true, tx -> lockCycleChecks(tx, List.of(relationship))
        .thenCompose(x -> create(tx, relationship)));
  }

  @Override
  public CompletableFuture<Integer> createRelationships(List<Relationship> relationships) {
    List<Relationship> copy = List.copyOf(relationships);
    if (copy.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    if (!settings.allowCycles()) {
      // The cycle check must see the batch's own earlier edges: one at a time, same transaction,
      // after every lock the batch needs is taken (all at once, in one order: no deadlock).
      return inTransaction(true, tx -> {
        CompletionStage<Void> chain = lockCycleChecks(tx, copy);
        for (Relationship r : copy) {
          chain = chain.thenCompose(x -> create(tx, r)).thenApply(x -> null);
        }
        return chain.thenApply(x -> copy.size());
      });
    }
    return inTransaction(true, tx -> createBatch(tx, copy));
  }

  /** Creates many relationships with a few set-wise statements, same checks as one by one. */
  private CompletionStage<Integer> createBatch(AsyncQueryRunner tx, List<Relationship> rels) {
    List<String> ends = rels.stream().flatMap(r -> java.util.stream.Stream.of(r.fromId(), r.toId()))
        .distinct().collect(Collectors.toList());
    List<String> ids = rels.stream().map(Relationship::id).collect(Collectors.toList());
    return list(tx, "UNWIND $ids AS id MATCH (m:Memory {id: id}) RETURN m.id AS id", params("ids", ends))
        .thenCompose(found -> {
          Set<String> present = new java.util.HashSet<>();
          found.forEach(r -> present.add(r.get("id").asString()));
          for (Relationship r : rels) {
            if (!present.contains(r.fromId())) {
              throw new NotFoundException("memory", r.fromId());
            }
            if (!present.contains(r.toId())) {
              throw new NotFoundException("memory", r.toId());
            }
          }
          Set<String> seen = new java.util.HashSet<>();
          for (String id : ids) {
            if (!seen.add(id)) {
              throw new ConflictException("the relationship id " + id + " appears twice in one batch");
            }
          }
          return list(tx, dialect.existingRelationshipIdsQuery(), dialect.relationshipIdsParameters(ids));
        })
        .thenCompose(existing -> {
          if (!existing.isEmpty()) {
            throw new ConflictException("a relationship with id " + existing.get(0).get("id").asString() + " already exists");
          }
          Map<RelationshipType, List<Map<String, Object>>> byType = new EnumMap<>(RelationshipType.class);
          for (Relationship r : rels) {
            byType.computeIfAbsent(r.type(), t -> new ArrayList<>())
                .add(params("from", r.fromId(), "to", r.toId(), "props", CypherValues.relationshipProperties(r)));
          }
          CompletionStage<List<Record>> chain = CompletableFuture.completedFuture(List.of());
          for (Map.Entry<RelationshipType, List<Map<String, Object>>> e : byType.entrySet()) {
            chain = chain.thenCompose(x -> list(tx, "UNWIND $rows AS row MATCH (a:Memory {id: row.from}), "
                + "(b:Memory {id: row.to}) CREATE (a)-[rel:" + e.getKey().name() + "]->(b) SET rel = row.props",
                params("rows", e.getValue())));
          }
          return chain.thenApply(x -> rels.size());
        });
  }

  /**
   * The types whose cycle check these relationships need, sorted: the current ones when cycles
   * are forbidden, none otherwise.
   */
  private List<RelationshipType> cycleCheckedTypes(List<Relationship> rels) {
    if (settings.allowCycles()) {
      return List.of();
    }
    return rels.stream().filter(Relationship::isCurrent).map(Relationship::type).distinct().sorted()
        .collect(Collectors.toList());
  }

  /** The lock node's name for the cycle check of one relationship type. */
  static String cycleLockName(RelationshipType type) {
    return "cycle_check:" + type.name();
  }

  /**
   * Takes, before any cycle check, the write lock of the lock node of every relationship type
   * these relationships are checked for (see {@link CypherDialect#LOCK_LABEL}). Locking only the
   * two ends of each new edge is not enough: the closing edges of a longer cycle can have
   * disjoint ends (b->c and d->a with a->b and c->d present), both find no path back, and both
   * commit. One lock per type serialises every cycle-checked write of that type, so each check
   * sees every edge committed before it. Neo4j holds the lock until commit and makes the second
   * writer wait; under Memgraph's snapshot isolation the second writer of the node fails with a
   * transient conflict and the driver retries it in a new snapshot that includes the first's
   * edge. Types are locked in sorted order so that batches cannot deadlock on each other. Writes
   * with cycles allowed, and invalidated edges, take no lock.
   */
  private CompletionStage<Void> lockCycleChecks(AsyncQueryRunner tx, List<Relationship> rels) {
    List<RelationshipType> types = cycleCheckedTypes(rels);
    if (types.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<String> names = types.stream().map(CypherBackend::cycleLockName).collect(Collectors.toList());
    // MERGE creates a missing lock node; the uniqueness constraint on its name (schema) keeps
    // concurrent creators from making two. SET + REMOVE writes the node without changing it.
    return list(tx, "UNWIND $names AS name MERGE (l:" + CypherDialect.LOCK_LABEL + " {name: name}) "
        + "SET l.__lock = true REMOVE l.__lock", params("names", names)).thenApply(x -> null);
  }

  /**
   * Creates one relationship after its checks; when its cycle check applies, the caller must
   * have taken the type's lock first ({@link #lockCycleChecks}).
   */
  private CompletionStage<Relationship> create(AsyncQueryRunner tx, Relationship r) {
    boolean checkCycles = !settings.allowCycles() && r.isCurrent();
    String ends = "OPTIONAL MATCH (a:Memory {id: $from}) OPTIONAL MATCH (b:Memory {id: $to}) "
        + "RETURN a IS NOT NULL AS fromExists, b IS NOT NULL AS toExists";
    Map<String, Object> p = params("from", r.fromId(), "to", r.toId(), "id", r.id());
    return list(tx, ends, p)
        .thenCompose(rs -> {
          if (!rs.get(0).get("fromExists").asBoolean()) {
            throw new NotFoundException("memory", r.fromId());
          }
          if (!rs.get(0).get("toExists").asBoolean()) {
            throw new NotFoundException("memory", r.toId());
          }
          return list(tx, dialect.relationshipByIdQuery(), dialect.relationshipIdParameters(r.id()));
        })
        .thenCompose(rs -> {
          if (!rs.isEmpty()) {
            throw new ConflictException("a relationship with id " + r.id() + " already exists");
          }
          if (!checkCycles) {
            return CompletableFuture.completedFuture(List.<Record>of());
          }
          // A directed path of the same type from `to` back to `from` would become a cycle.
          return list(tx, "MATCH (a:Memory {id: $to}), (b:Memory {id: $from}) "
              + dialect.shortestPath(":" + r.type().name(), Direction.OUTGOING, 0, validity(null))
              + "RETURN 1 AS found LIMIT 1", p);
        })
        .thenCompose(rs -> {
          if (!rs.isEmpty()) {
            throw new ConflictException("relationship " + r.type().name() + " from " + r.fromId() + " to "
                + r.toId() + " would close a cycle of " + r.type().name() + " relationships (MEMORY_ALLOW_CYCLES=false)");
          }
          return list(tx, "MATCH (a:Memory {id: $from}), (b:Memory {id: $to}) CREATE (a)-[rel:" + r.type().name()
              + "]->(b) SET rel = $props RETURN rel.id AS id",
              params("from", r.fromId(), "to", r.toId(), "props", CypherValues.relationshipProperties(r)));
        })
        .thenApply(rs -> r);
  }

  private CompletionStage<Optional<Relationship>> find(AsyncQueryRunner tx, String id) {
    return list(tx, dialect.relationshipByIdQuery(), dialect.relationshipIdParameters(id))
        .thenApply(rs -> rs.isEmpty() ? Optional.empty() : Optional.of(CypherValues.relationship(rs.get(0))));
  }

  /** Finds a relationship and takes its write lock, re-reading it under the lock. */
  private CompletionStage<Optional<Relationship>> findForUpdate(AsyncQueryRunner tx, String id) {
    return find(tx, id).thenCompose(found -> {
      if (found.isEmpty()) {
        return CompletableFuture.completedFuture(found);
      }
      return list(tx, "MATCH ()-[rel:" + found.get().type().name() + "]->() WHERE rel.id = $id "
          + "SET rel.__lock = true REMOVE rel.__lock RETURN " + REL_ROW, params("id", id))
          .thenApply(rs -> rs.isEmpty() ? Optional.<Relationship>empty() : Optional.of(CypherValues.relationship(rs.get(0))));
    });
  }

  private CompletionStage<Relationship> replace(AsyncQueryRunner tx, Relationship r) {
    return list(tx, "MATCH ()-[rel:" + r.type().name() + "]->() WHERE rel.id = $id SET rel = $props",
        params("id", r.id(), "props", CypherValues.relationshipProperties(r))).thenApply(x -> r);
  }

  @Override
  public CompletableFuture<Optional<Relationship>> getRelationship(String id) {
    return inTransaction(false, tx -> find(tx, id));
  }

  @Override
  public CompletableFuture<Optional<Relationship>> updateRelationship(String id, RelationshipUpdate update) {
    java.util.Objects.requireNonNull(update, "update");
    return inTransaction(true, tx -> findForUpdate(tx, id).thenCompose(found -> found.isEmpty()
        ? CompletableFuture.completedFuture(found)
        : replace(tx, update.applyTo(found.get())).thenApply(Optional::of)));
  }

  @Override
  public CompletableFuture<Boolean> deleteRelationship(String id) {
    return inTransaction(true, tx -> find(tx, id).thenCompose(found -> found.isEmpty()
        ? CompletableFuture.completedFuture(false)
        : list(tx, "MATCH ()-[rel:" + found.get().type().name() + "]->() WHERE rel.id = $id DELETE rel",
            params("id", id)).thenApply(x -> true)));
  }

  @Override
  public CompletableFuture<Optional<Relationship>> invalidateRelationship(String id, Instant at, String invalidatedBy) {
    return inTransaction(true, tx -> findForUpdate(tx, id).thenCompose(found -> {
      if (found.isEmpty()) {
        return CompletableFuture.completedFuture(found);
      }
      Relationship after = WriteRules.invalidate(found.get(), at, invalidatedBy);
      return after.equals(found.get()) ? CompletableFuture.completedFuture(found)
          : replace(tx, after).thenApply(Optional::of);
    }));
  }

  @Override
  public CompletableFuture<Long> exportRelationships(Consumer<? super Relationship> sink) {
    java.util.Objects.requireNonNull(sink, "sink");
    return exportRelationshipPage("", 0L, sink);
  }

  private CompletableFuture<Long> exportRelationshipPage(String after, long sofar, Consumer<? super Relationship> sink) {
    return inTransaction(false, tx -> list(tx,
        "MATCH (a:Memory)-[rel]->(b:Memory) WHERE rel.id > $after "
            + "RETURN rel, a.id AS from, b.id AS to ORDER BY rel.id ASC LIMIT $n",
        params("after", after, "n", (long) EXPORT_PAGE)).thenApply(CypherBackend::relationships))
        .thenCompose(page -> {
          page.forEach(sink);
          long total = sofar + page.size();
          return page.size() < EXPORT_PAGE ? CompletableFuture.completedFuture(total)
              : exportRelationshipPage(page.get(page.size() - 1).id(), total, sink);
        });
  }

  // ---------------------------------------------------------------- graph

  /**
   * Two statements in one read transaction. The first is a bounded variable-length pattern that
   * keeps, per memory reached, only its smallest depth ({@code min} over path lengths lets Neo4j
   * plan a pruning breadth-first expand instead of enumerating every path, see
   * {@link CypherDialect#pathLength}). The second fetches the followable edges among the
   * memories reached, from which each memory's reaching edge is picked: the smallest-id edge
   * from a memory one step closer, in an allowed direction.
   */
  @Override
  public CompletableFuture<List<RelatedMemory>> getRelatedMemories(String id, TraversalOptions options) {
    TraversalOptions o = options == null ? TraversalOptions.DEFAULT : options;
    // Clamped again here because the value is written into the query text.
    int depth = TraversalOptions.clampDepth("max_depth", o.maxDepth());
    String types = typeAlternation(o.types());
    String reach = "MATCH (s:Memory {id: $id}) "
        + "MATCH p = (s)" + CypherDialect.edge(types + "*1.." + depth, o.direction()) + "(m:Memory) "
        + "WHERE m.id <> $id AND all(x IN relationships(p) WHERE " + validity(o.asOf()) + ") "
        + "WITH m, min(" + dialect.pathLength("p") + ") AS d "
        + "ORDER BY d ASC, m.id ASC LIMIT $limit RETURN m, d";
    String edges = "MATCH (a:Memory)-[x" + types + "]->(b:Memory) "
        + "WHERE a.id IN $ids AND b.id IN $ids AND " + validity(o.asOf()) + " "
        + "RETURN x AS rel, a.id AS from, b.id AS to";
    Map<String, Object> p = params("id", id, "limit", (long) o.limit());
    if (o.asOf() != null) {
      p.put("asOf", Instants.toMicros(o.asOf()));
    }
    return inTransaction(false, tx -> list(tx, reach, p).thenCompose(rows -> {
      if (rows.isEmpty()) {
        return CompletableFuture.completedFuture(List.<RelatedMemory>of());
      }
      Map<String, Integer> depthOf = new HashMap<>();
      depthOf.put(id, 0);
      List<Memory> reached = new ArrayList<>(rows.size());
      for (Record row : rows) {
        Memory m = CypherValues.memory(row.get("m").asNode());
        reached.add(m);
        depthOf.put(m.id(), row.get("d").asInt());
      }
      Map<String, Object> q = new HashMap<>(p);
      q.put("ids", new ArrayList<>(depthOf.keySet()));
      return list(tx, edges, q).thenApply(edgeRows -> {
        Map<String, Relationship> best = new HashMap<>();
        for (Record row : edgeRows) {
          Relationship r = CypherValues.relationship(row);
          consider(best, depthOf, r, r.toId(), r.fromId(), o.direction() != Direction.INCOMING);
          consider(best, depthOf, r, r.fromId(), r.toId(), o.direction() != Direction.OUTGOING);
        }
        List<RelatedMemory> out = new ArrayList<>(reached.size());
        for (Memory m : reached) {
          Relationship r = best.get(m.id());
          if (r != null) {
            out.add(RelatedMemory.of(m, r, depthOf.get(m.id())));
          }
        }
        return out;
      });
    }));
  }

  /** Keeps {@code r} as the reaching edge of {@code target} if it comes from one step closer. */
  private static void consider(Map<String, Relationship> best, Map<String, Integer> depthOf, Relationship r,
      String target, String previous, boolean allowed) {
    Integer dt = depthOf.get(target);
    Integer dp = depthOf.get(previous);
    if (!allowed || dt == null || dp == null || dt == 0 || dp != dt - 1) {
      return;
    }
    Relationship current = best.get(target);
    if (current == null || r.id().compareTo(current.id()) < 0) {
      best.put(target, r);
    }
  }

  @Override
  public CompletableFuture<Optional<MemoryPath>> findPath(String fromId, String toId, PathOptions options) {
    PathOptions o = options == null ? PathOptions.DEFAULT : options;
    if (fromId.equals(toId)) {
      return getMemory(fromId).thenApply(m -> m.map(x -> new MemoryPath(List.of(x), List.of())));
    }
    int depth = TraversalOptions.clampDepth("max_depth", o.maxDepth());
    String query = "MATCH (a:Memory {id: $from}), (b:Memory {id: $to}) "
        + dialect.shortestPath(typeAlternation(o.types()), o.direction(), depth, validity(o.asOf()))
        + "RETURN nodes(p) AS ns, [x IN relationships(p) | {rel: x, from: startNode(x).id, to: endNode(x).id}] AS rs "
        + "LIMIT 1";
    Map<String, Object> p = params("from", fromId, "to", toId);
    if (o.asOf() != null) {
      p.put("asOf", Instants.toMicros(o.asOf()));
    }
    return inTransaction(false, tx -> list(tx, query, p).thenApply(rows -> {
      if (rows.isEmpty()) {
        return Optional.<MemoryPath>empty();
      }
      Record row = rows.get(0);
      List<Memory> ms = row.get("ns").asList(v -> CypherValues.memory(v.asNode()));
      List<Relationship> rs = row.get("rs").asList(v -> CypherValues.relationship(v));
      return Optional.of(new MemoryPath(ms, rs));
    }));
  }

  @Override
  public CompletableFuture<List<Relationship>> getRelationshipHistory(String memoryId) {
    return inTransaction(false, tx -> list(tx, "MATCH (m:Memory {id: $id})-[rel]-(:Memory) RETURN " + REL_ROW
        + " ORDER BY rel.valid_from ASC, rel.recorded_at ASC, rel.id ASC", params("id", memoryId))
        .thenApply(CypherBackend::relationships));
  }

  @Override
  public CompletableFuture<ChangeSet> getChangesSince(Instant since) {
    Map<String, Object> p = params("since", Instants.toMicros(since), "n", (long) ChangeSet.MAX_ITEMS + 1);
    return inTransaction(false, tx -> list(tx,
        "MATCH (m:Memory) WHERE m.updated_at >= $since RETURN m ORDER BY m.updated_at ASC, m.id ASC LIMIT $n", p)
        .thenCompose(ms -> list(tx, "MATCH (a:Memory)-[rel]->(b:Memory) "
            + "WHERE rel.recorded_at >= $since OR (rel.valid_until IS NOT NULL AND rel.valid_until >= $since) "
            + "WITH rel, a, b, CASE WHEN rel.valid_until IS NOT NULL AND rel.valid_until > rel.recorded_at "
            + "THEN rel.valid_until ELSE rel.recorded_at END AS changed "
            + "RETURN rel, a.id AS from, b.id AS to ORDER BY changed ASC, rel.id ASC LIMIT $n", p)
            .thenApply(rs -> {
              List<Memory> memories = memories(ms, "m");
              List<Relationship> rels = relationships(rs);
              boolean truncated = memories.size() > ChangeSet.MAX_ITEMS || rels.size() > ChangeSet.MAX_ITEMS;
              return new ChangeSet(since,
                  memories.size() > ChangeSet.MAX_ITEMS ? memories.subList(0, ChangeSet.MAX_ITEMS) : memories,
                  rels.size() > ChangeSet.MAX_ITEMS ? rels.subList(0, ChangeSet.MAX_ITEMS) : rels, truncated);
            })));
  }

  @Override
  public CompletableFuture<GraphStatistics> getStatistics() {
    return inTransaction(false, tx -> list(tx,
        "MATCH (m:Memory) RETURN m.type AS type, count(*) AS n, sum(m.importance) AS importance", Map.of())
        .thenCompose(ms -> list(tx, "MATCH (:Memory)-[rel]->(:Memory) RETURN type(rel) AS type, count(*) AS n, "
            + "sum(CASE WHEN rel.valid_until IS NULL THEN 1 ELSE 0 END) AS current", Map.of())
            .thenApply(rs -> {
              Map<MemoryType, Long> byType = new EnumMap<>(MemoryType.class);
              long memories = 0;
              double importance = 0;
              for (Record r : ms) {
                long n = r.get("n").asLong();
                byType.merge(MemoryType.parse(r.get("type").asString()), n, Long::sum);
                memories += n;
                importance += r.get("importance").asDouble();
              }
              Map<RelationshipType, Long> relByType = new EnumMap<>(RelationshipType.class);
              long total = 0;
              long current = 0;
              for (Record r : rs) {
                long c = r.get("current").asLong();
                total += r.get("n").asLong();
                current += c;
                if (c > 0) {
                  relByType.merge(RelationshipType.valueOf(r.get("type").asString()), c, Long::sum);
                }
              }
              return new GraphStatistics(memories, total, current, byType, relByType,
                  memories == 0 ? 0.0 : importance / memories);
            })));
  }

  @Override
  public CompletableFuture<RecentActivity> getRecentActivity(RecentActivityQuery query) {
    RecentActivityQuery q = query == null ? RecentActivityQuery.DEFAULT : query;
    Instant since = Validation.now().minus(q.days(), ChronoUnit.DAYS);
    Map<String, Object> p = params("since", Instants.toMicros(since), "limit", (long) q.limit(),
        "projectPath", q.projectPath(), "problemTypes", List.of(MemoryType.PROBLEM.id(), MemoryType.ERROR.id()));
    String window = "MATCH (m:Memory) WHERE m.updated_at >= $since"
        + (q.projectPath() == null ? " " : " AND m.project_path = $projectPath ");
    return inTransaction(false, tx -> list(tx, window + "RETURN m.type AS type, count(*) AS n", p)
        .thenCompose(counts -> list(tx, window + "RETURN m ORDER BY m.updated_at DESC, m.id ASC LIMIT $limit", p)
            .thenCompose(recent -> list(tx, window + "AND m.type IN $problemTypes "
                + "OPTIONAL MATCH (:Memory)-[s:SOLVES|ADDRESSES]->(m) WHERE s.valid_until IS NULL "
                + "WITH m, count(s) AS solutions WHERE solutions = 0 "
                + "RETURN m ORDER BY m.updated_at DESC, m.id ASC LIMIT $limit", p)
                .thenApply(unresolved -> {
                  Map<MemoryType, Long> byType = new EnumMap<>(MemoryType.class);
                  long total = 0;
                  for (Record r : counts) {
                    long n = r.get("n").asLong();
                    byType.merge(MemoryType.parse(r.get("type").asString()), n, Long::sum);
                    total += n;
                  }
                  return new RecentActivity(since, total, byType, memories(recent, "m"), memories(unresolved, "m"));
                }))));
  }
}
