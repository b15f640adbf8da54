package dev.memorygraph.turso;

import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.ConflictException;
import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.UnsupportedCapabilityException;
import dev.memorygraph.ValidationException;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.model.Capabilities;
import dev.memorygraph.model.Capability;
import dev.memorygraph.model.HealthStatus;
import dev.memorygraph.model.Validation;
import dev.memorygraph.spi.Instants;
import dev.memorygraph.spi.SyncCapable;
import dev.memorygraph.sqlite.JdbcSqlExecutor;
import dev.memorygraph.sqlite.NativeQueries;
import dev.memorygraph.sqlite.SqlStoreBackend;
import dev.memorygraph.sqlite.store.Row;
import dev.memorygraph.sqlite.store.Schema;
import dev.memorygraph.sqlite.store.SqlGraphStore;
import dev.memorygraph.sqlite.store.SqlStatement;
import dev.memorygraph.sqlite.store.StoreOptions;
import dev.memorygraph.turso.hrana.HranaClient;
import dev.memorygraph.turso.hrana.HranaStatementException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The Turso / libSQL backend in one of three modes (see {@link TursoConfig.Mode}), all running
 * the SQL store shared with the SQLite backend ({@link SqlGraphStore}):
 * <ul>
 *   <li>{@code LOCAL}: a local file through sqlite-jdbc, exactly like the sqlite backend
 *       (FTS5 search, one writer, WAL).
 *   <li>{@code REMOTE}: every query is a request to the server (a read of several queries still
 *       sees one state of the database) and every write is ONE atomic Hrana batch
 *       ({@link HranaSqlExecutor}). Servers without FTS5 (such as {@code tursodb}) get the
 *       store's fallback search: substring matching over a client-computed, lower-cased column,
 *       without ranking or stemming; {@link #capabilities()} says so.
 *   <li>{@code REPLICA}: an embedded replica ({@link TursoReplica}), with {@link #sync()}.
 * </ul>
 *
 * <p>Created by {@link TursoBackendProvider} from the environment or by {@link #builder()}.
 */
public final class TursoBackend extends SqlStoreBackend implements SyncCapable {
  /** The backend's name in {@code MEMORY_BACKEND}. */
  public static final String NAME = "turso";

  private final TursoConfig config;
  private final TursoConfig.Mode mode;
  private final Object lifecycle = new Object();
  private volatile SqlGraphStore store;
  private volatile Capabilities capabilities;
  private volatile boolean closed;
  private HranaClient client;
  private TursoReplica replica;
  private JdbcSqlExecutor local;
  private HranaSqlExecutor remote;

  /** A backend for these settings (validated here; nothing is opened until connect). */
  public TursoBackend(TursoConfig config) {
    super("memorygraph-turso", 4);
    this.config = config.validate();
    this.mode = config.mode();
    this.capabilities = baseCapabilities(mode, true);
  }

  /** A backend configured from settings such as the environment. */
  public static TursoBackend fromConfig(MemoryGraphConfig c) {
    return new TursoBackend(TursoConfig.from(c));
  }

  /** A builder for code. */
  public static Builder builder() {
    return new Builder();
  }

  /** The mode chosen by the settings. */
  public TursoConfig.Mode mode() {
    return mode;
  }

  /** The settings (the token stays hidden in its toString). */
  public TursoConfig config() {
    return config;
  }

  @Override
  public String backendName() {
    return NAME;
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  // ---- lifecycle ----

  @Override
  protected void doConnect() {
    synchronized (lifecycle) {
      if (closed) {
        throw new BackendUnavailableException("turso backend is closed");
      }
      if (store != null) {
        return;
      }
      switch (mode) {
        case LOCAL:
          connectLocal();
          break;
        case REMOTE:
          connectRemote();
          break;
        default:
          connectReplica();
      }
    }
  }

  /** Exactly what the sqlite backend does: one JDBC writer, pooled readers, WAL, FTS5. */
  private void connectLocal() {
    Path file = config.path();
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new BackendUnavailableException("cannot create the directory of " + file + ": " + e.getMessage(), e);
    }
    JdbcSqlExecutor ex = new JdbcSqlExecutor(file, new JdbcSqlExecutor.Settings(
        Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2)), false, 30_000));
    try {
      StoreOptions options = Schema.prepare(ex, StoreOptions.SQLITE, Instants.toMicros(Validation.now()));
      this.local = ex;
      this.store = new SqlGraphStore(ex, options, config.allowCycles());
      this.capabilities = baseCapabilities(mode, options.fts());
    } catch (RuntimeException e) {
      ex.close();
      throw e;
    }
  }

  private void connectRemote() {
    HranaClient c = config.newClient();
    try {
      HranaSqlExecutor ex = new HranaSqlExecutor(c);
      // An existing database keeps the features it was built with; a new one gets FTS5 only when
      // the server can create an FTS5 table (probed in a batch that is rolled back).
      StoreOptions options = Schema.prepare(ex, StoreOptions.SQLITE, Instants.toMicros(Validation.now()));
      this.remote = ex;
      this.client = c;
      this.store = new SqlGraphStore(ex, options, config.allowCycles());
      this.capabilities = baseCapabilities(mode, options.fts());
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private void connectReplica() {
    TursoReplica.Factory factory = replicaFactory();
    HranaClient c = config.newClient();
    try {
      TursoReplica r = factory.open(config, c);
      this.client = c;
      this.replica = r;
      this.store = new SqlGraphStore(r.executor(), r.storeOptions(), config.allowCycles());
      this.capabilities = baseCapabilities(mode, r.storeOptions().fts());
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static TursoReplica.Factory replicaFactory() {
    Class<?> k;
    try {
      k = Class.forName(TursoReplica.FACTORY_CLASS, true, TursoBackend.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new UnsupportedCapabilityException("the turso embedded-replica mode (MEMORY_TURSO_PATH and "
          + "TURSO_DATABASE_URL both set) is not available in this build: " + TursoReplica.FACTORY_CLASS
          + " is missing; set only one of them for local or remote mode");
    }
    try {
      return (TursoReplica.Factory) k.getConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new UnsupportedCapabilityException("the turso embedded-replica engine " + TursoReplica.FACTORY_CLASS
          + " cannot be created: " + e.getClass().getSimpleName());
    }
  }

  @Override
  protected void doDisconnect() {
    synchronized (lifecycle) {
      closed = true;
      store = null;
      RuntimeException failure = null;
      if (replica != null) {
        try {
          replica.close();
        } catch (RuntimeException e) {
          failure = e;
        }
        replica = null;
      }
      if (client != null) {
        client.close();
        client = null;
      }
      remote = null;
      if (local != null) {
        try {
          local.close();
        } catch (RuntimeException e) {
          failure = failure == null ? e : failure;
        }
        local = null;
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  @Override
  protected SqlGraphStore store() {
    SqlGraphStore s = store;
    if (s == null) {
      throw new BackendUnavailableException("turso backend is " + (closed ? "closed" : "not connected (call connect())"));
    }
    return s;
  }

  // ---- capabilities ----

  private static Capabilities baseCapabilities(TursoConfig.Mode mode, boolean fts) {
    Map<Capability, String> missing = new EnumMap<>(Capability.class);
    if (!fts) {
      String why = "the Turso server has no FTS5 module";
      missing.put(Capability.FULLTEXT_SEARCH, why + ": text search scans a lower-cased copy of each memory's text");
      missing.put(Capability.RELEVANCE_RANKING, why + ": matches are returned in id order, unranked");
      missing.put(Capability.STEMMING, why + ": words match as substrings, other word forms are not found");
    }
    if (mode != TursoConfig.Mode.REPLICA) {
      missing.put(Capability.SYNC, "only the embedded-replica mode (MEMORY_TURSO_PATH and TURSO_DATABASE_URL both set) synchronises");
    }
    return Capabilities.allExcept(missing);
  }

  // ---- sync ----

  @Override
  public CompletableFuture<SyncResult> sync() {
    if (mode != TursoConfig.Mode.REPLICA) {
      return CompletableFuture.failedFuture(new UnsupportedCapabilityException(
          "sync() needs the embedded-replica mode (set both MEMORY_TURSO_PATH and TURSO_DATABASE_URL); this backend is "
              + mode.name().toLowerCase(java.util.Locale.ROOT)));
    }
    return submit(() -> {
      TursoReplica r = replica;
      if (r == null) {
        throw new BackendUnavailableException("turso replica is not connected");
      }
      return r.sync();
    });
  }

  @Override
  public SyncStatus syncStatus() {
    TursoReplica r = replica;
    if (r != null) {
      return r.status();
    }
    return new SyncStatus(mode.name().toLowerCase(java.util.Locale.ROOT), null, null, 0, null);
  }

  /**
   * The replica's outbox: local writes not yet applied on the primary, oldest first.
   * Fails with {@link UnsupportedCapabilityException} outside the replica mode.
   */
  public CompletableFuture<List<TursoReplica.PendingWrite>> outbox() {
    return onReplica(TursoReplica::outbox);
  }

  /**
   * Drops outbox entries (for example ones the primary rejected); the local data then shows the
   * primary's data plus the remaining entries.
   *
   * @return how many entries were dropped
   */
  public CompletableFuture<Integer> dropOutboxEntries(java.util.Collection<Long> entryIds) {
    List<Long> ids = List.copyOf(entryIds);
    return onReplica(r -> r.dropOutboxEntries(ids));
  }

  /**
   * Marks rejected outbox entries for another push at the next {@link #sync()}.
   *
   * @return how many entries were marked
   */
  public CompletableFuture<Integer> retryOutboxEntries(java.util.Collection<Long> entryIds) {
    List<Long> ids = List.copyOf(entryIds);
    return onReplica(r -> r.retryOutboxEntries(ids));
  }

  private <T> CompletableFuture<T> onReplica(java.util.function.Function<TursoReplica, T> call) {
    if (mode != TursoConfig.Mode.REPLICA) {
      return CompletableFuture.failedFuture(new UnsupportedCapabilityException(
          "the outbox exists only in the embedded-replica mode (set both MEMORY_TURSO_PATH and TURSO_DATABASE_URL)"));
    }
    return submit(() -> {
      TursoReplica r = replica;
      if (r == null) {
        throw new BackendUnavailableException("turso replica is not connected");
      }
      return call.apply(r);
    });
  }

  // ---- native queries, schema, health ----

  @Override
  protected List<Map<String, Object>> doExecuteQuery(String query, Map<String, Object> params, boolean write) {
    SqlGraphStore s = store();
    HranaSqlExecutor hr = remote;
    try {
      return NativeQueries.run(query, params, write,
          (st, w) -> hr != null ? hr.runNative(st, w) : NativeQueries.onExecutor(s.executor(), st, w));
    } catch (HranaStatementException | IllegalArgumentException e) {
      throw new ValidationException("query", e.getMessage());
    }
  }

  @Override
  protected void doInitializeSchema() {
    if (replica != null) {
      replica.initializeSchema();
      return;
    }
    SqlGraphStore s = store();
    Schema.prepare(s.executor(), s.options(), Instants.toMicros(Validation.now()));
  }

  @Override
  protected HealthStatus doHealthCheck() {
    Instant at = Instant.now();
    long start = System.nanoTime();
    Map<String, String> details = new LinkedHashMap<>();
    details.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
    if (config.path() != null) {
      details.put("path", config.path().toString());
    }
    if (config.url() != null) {
      details.put("url", HranaClient.normalizeUrl(config.url()));
    }
    try {
      SqlGraphStore s = store();
      details.put("fts5", Boolean.toString(s.options().fts()));
      if (replica != null) {
        details.putAll(replica.details());
      }
      List<Row> r = s.executor().query(SqlStatement.of("SELECT sqlite_version(), "
          + "(SELECT count(*) FROM memories), (SELECT count(*) FROM relationships)"));
      Row row = r.get(0);
      return new HealthStatus(true, NAME, row.getString(0), row.getLong(1), row.getLong(2),
          Duration.ofNanos(System.nanoTime() - start), at, details, null);
    } catch (RuntimeException e) {
      return new HealthStatus(false, NAME, null, -1, -1, Duration.ofNanos(System.nanoTime() - start), at,
          details, MemoryGraphException.redact(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  // ---- typed operations: the shared store ----

  /** Runs a store write, turning a primary-key clash found at commit into a conflict. */
  @Override
  protected <T> T writing(Supplier<T> call) {
    try {
      return call.get();
    } catch (HranaStatementException e) {
      if (e.isUniqueViolation()) {
        throw new ConflictException("the write conflicts with stored data (another client may have written the same id): "
            + e.getMessage(), e);
      }
      throw e;
    }
  }

  /** Shows the mode and where the data lives, never the token. */
  @Override
  public String toString() {
    return "TursoBackend[" + config + "]";
  }

  /** Builds a {@link TursoBackend} in code. */
  public static final class Builder {
    private Path path;
    private String url;
    private Supplier<String> token;
    private boolean autoSync = true;
    private Duration syncInterval = TursoConfig.DEFAULT_SYNC_INTERVAL;
    private boolean allowCycles = true;
    private Duration connectTimeout;
    private Duration requestTimeout;

    private Builder() {}

    /** The local file (LOCAL) or replica directory (REPLICA). */
    public Builder path(Path v) { this.path = v; return this; }
    /** The primary's URL (REMOTE, REPLICA). */
    public Builder url(String v) { this.url = v; return this; }
    /** A fixed auth token. */
    public Builder authToken(String v) { this.token = () -> v; return this; }
    /** A token provider asked before each request (for short-lived tokens). */
    public Builder authToken(Supplier<String> v) { this.token = v; return this; }
    /** Whether a replica syncs when it connects (default true). */
    public Builder autoSync(boolean v) { this.autoSync = v; return this; }
    /** Background sync period of a replica; zero for none (default 300 s). */
    public Builder syncInterval(Duration v) { this.syncInterval = v; return this; }
    /** Whether same-type cycles are allowed (default true). */
    public Builder allowCycles(boolean v) { this.allowCycles = v; return this; }
    /** HTTP connect timeout (default 10 s). */
    public Builder connectTimeout(Duration v) { this.connectTimeout = v; return this; }
    /** HTTP request timeout (default 30 s). */
    public Builder requestTimeout(Duration v) { this.requestTimeout = v; return this; }

    /** Validates the settings and builds an unconnected backend. */
    public TursoBackend build() {
      return new TursoBackend(new TursoConfig(path, url, token, autoSync, syncInterval, allowCycles,
          connectTimeout, requestTimeout));
    }

    /** Never shows the token. */
    @Override
    public String toString() {
      return "TursoBackend.Builder[path=" + path + ", url=" + (url == null ? null : "(set)") + "]";
    }
  }
}
