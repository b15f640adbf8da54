package dev.memorygraph.sqlite;

import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.ValidationException;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.model.Capabilities;
import dev.memorygraph.model.Capability;
import dev.memorygraph.model.HealthStatus;
import dev.memorygraph.model.Validation;
import dev.memorygraph.spi.Instants;
import dev.memorygraph.sqlite.store.Row;
import dev.memorygraph.sqlite.store.Schema;
import dev.memorygraph.sqlite.store.SqlGraphStore;
import dev.memorygraph.sqlite.store.SqlStatement;
import dev.memorygraph.sqlite.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite backend: one database file through sqlite-jdbc, an FTS5 index ranked with bm25,
 * traversal with JGraphT over edges read level by level, WAL mode with one writer and a pool of
 * readers.
 *
 * <p>Build one with {@link #builder()} or through {@link SqliteBackendProvider}
 * ({@code MEMORY_BACKEND=sqlite}). Durability: WAL with {@code synchronous=NORMAL} by default, so
 * every acknowledged write survives a crash of the process (kill -9); choose
 * {@link Builder#synchronousFull(boolean)} to also survive power loss, at about half the write
 * rate.
 */
public final class SqliteBackend extends SqlStoreBackend {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteBackend.class);

  private final Path path;
  private final boolean allowCycles;
  private final boolean fullTextSearch;
  private final JdbcSqlExecutor.Settings settings;
  private final Object lifecycle = new Object();
  private volatile JdbcSqlExecutor executor;
  private volatile SqlGraphStore store;
  /** Set when {@link #doConnect} has just made the schema current: the next initialise is free. */
  private volatile boolean schemaPrepared;

  private SqliteBackend(Builder b) {
    super("memorygraph-sqlite", b.readers + 2);
    this.path = b.path.toAbsolutePath().normalize();
    this.allowCycles = b.allowCycles;
    this.fullTextSearch = b.fullTextSearch;
    this.settings = new JdbcSqlExecutor.Settings(b.readers, b.synchronousFull, b.busyTimeoutMillis);
  }

  /** A builder with the defaults: {@code ~/.memorygraph/memory.db}, cycles allowed. */
  public static Builder builder() {
    return new Builder();
  }

  /** A backend configured from {@code MEMORY_SQLITE_PATH} and {@code MEMORY_ALLOW_CYCLES}. */
  public static SqliteBackend fromConfig(MemoryGraphConfig config) {
    return builder().path(config.sqlitePath()).allowCycles(config.allowCycles()).build();
  }

  /** The database file. */
  public Path path() {
    return path;
  }

  /** Whether same-type cycles are allowed. */
  public boolean allowCycles() {
    return allowCycles;
  }

  /** The schema features in use (known once connected). */
  public Optional<StoreOptions> storeOptions() {
    SqlGraphStore s = store;
    return s == null ? Optional.empty() : Optional.of(s.options());
  }

  @Override
  public String backendName() {
    return "sqlite";
  }

  @Override
  public Capabilities capabilities() {
    Capabilities c = Capabilities.allExcept(Map.of(Capability.SYNC,
        "SQLite is a local file with no remote primary to synchronise with"));
    SqlGraphStore s = store;
    boolean fts = s != null ? s.options().fts() : fullTextSearch;
    if (!fts) {
      String why = "this database has no FTS5 index: text search is an unranked substring scan"
          + " of a lower-cased column, without stemming";
      c = c.without(Capability.FULLTEXT_SEARCH, why).without(Capability.RELEVANCE_RANKING, why)
          .without(Capability.STEMMING, why);
    }
    return c;
  }

  @Override
  protected void doConnect() {
    synchronized (lifecycle) {
      if (store != null) {
        return;
      }
      try {
        Path parent = path.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
      } catch (IOException e) {
        throw new BackendUnavailableException("cannot create the directory of " + path + ": " + e.getMessage(), e);
      }
      JdbcSqlExecutor ex = new JdbcSqlExecutor(path, settings);
      try {
        StoreOptions options = Schema.prepare(ex, fullTextSearch ? StoreOptions.SQLITE : StoreOptions.NO_FTS, Instants.toMicros(Validation.now()));
        if (!options.fts()) {
          LOG.warn("{} has no FTS5 index: text search falls back to an unranked scan", path);
        }
        executor = ex;
        store = new SqlGraphStore(ex, options, allowCycles);
        schemaPrepared = true;
      } catch (RuntimeException e) {
        ex.close();
        throw e;
      }
    }
  }

  @Override
  protected void doDisconnect() {
    synchronized (lifecycle) {
      JdbcSqlExecutor ex = executor;
      store = null;
      schemaPrepared = false;
      executor = null;
      if (ex != null) {
        ex.close();
      }
    }
  }

  @Override
  protected SqlGraphStore store() {
    SqlGraphStore s = store;
    if (s == null) {
      throw new BackendUnavailableException("sqlite backend is not connected (" + path + ")");
    }
    return s;
  }

  @Override
  protected void doInitializeSchema() {
    SqlGraphStore s = store();
    // MemoryGraph.open connects then initialises: the connect already ran Schema.prepare on
    // this file, so a second pass (a read transaction of schema probes) is skipped once.
    if (schemaPrepared) {
      schemaPrepared = false;
      return;
    }
    Schema.prepare(s.executor(), s.options(), Instants.toMicros(Validation.now()));
  }

  @Override
  protected List<Map<String, Object>> doExecuteQuery(String query, Map<String, Object> params, boolean write) {
    return NativeQueries.run(store().executor(), query, params, write);
  }

  @Override
  protected HealthStatus doHealthCheck() {
    long t0 = System.nanoTime();
    Instant at = Validation.now();
    Map<String, String> details = new TreeMap<>();
    details.put("path", path.toString());
    try {
      SqlGraphStore s = store();
      details.put("fts5", Boolean.toString(s.options().fts()));
      details.put("allow_cycles", Boolean.toString(allowCycles));
      details.put("synchronous", settings.synchronousFull() ? "FULL" : "NORMAL");
      details.put("readers", Integer.toString(settings.readers()));
      long[] counts = new long[2];
      String version = s.executor().read(x -> {
        Row v = x.query(SqlStatement.of("SELECT sqlite_version()")).get(0);
        // page_count reads the file first: a reader opened before the file went to WAL reports
        // the new journal mode only once it has read the database again.
        details.put("page_count", x.query(SqlStatement.of("PRAGMA page_count")).get(0).getString(0));
        details.put("journal_mode", x.query(SqlStatement.of("PRAGMA journal_mode")).get(0).getString(0));
        details.put("page_size", x.query(SqlStatement.of("PRAGMA page_size")).get(0).getString(0));
        details.put("schema_version", Integer.toString(Schema.appliedVersion(x)));
        counts[0] = x.query(SqlStatement.of("SELECT count(*) FROM memories")).get(0).getLong(0);
        counts[1] = x.query(SqlStatement.of("SELECT count(*) FROM relationships")).get(0).getLong(0);
        return v.getString(0);
      });
      details.put("sqlite_version", version);
      return new HealthStatus(true, backendName(), version, counts[0], counts[1],
          Duration.ofNanos(System.nanoTime() - t0), at, details, null);
    } catch (RuntimeException e) {
      return new HealthStatus(false, backendName(), null, -1, -1,
          Duration.ofNanos(System.nanoTime() - t0), at, details, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "SqliteBackend[" + path + "]";
  }

  /** Builds a {@link SqliteBackend}. */
  public static final class Builder {
    private Path path = MemoryGraphConfig.defaultSqlitePath();
    private boolean allowCycles = true;
    private int readers = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2));
    private boolean synchronousFull;
    private boolean fullTextSearch = true;
    private int busyTimeoutMillis = 30_000;

    private Builder() {}

    /** The database file (default {@code ~/.memorygraph/memory.db}); parent directories are created. */
    public Builder path(Path v) {
      this.path = Validation.notNull("path", v);
      return this;
    }

    /** The database file as a string; a leading {@code ~/} means the home directory. */
    public Builder path(String v) {
      Validation.notNull("path", v);
      return path(MemoryGraphConfig.builder().set("P", v).build().getPath("P", Path.of(v)));
    }

    /** Whether relationships may close a same-type directed cycle (default true). */
    public Builder allowCycles(boolean v) {
      this.allowCycles = v;
      return this;
    }

    /** The most reader connections, 1..64 (default twice the cores, 2..8). */
    public Builder readers(int v) {
      this.readers = Validation.range("readers", v, 1, 64);
      return this;
    }

    /** {@code synchronous=FULL} (survives power loss) instead of {@code NORMAL} (default false). */
    public Builder synchronousFull(boolean v) {
      this.synchronousFull = v;
      return this;
    }

    /**
     * Whether a NEW database gets the FTS5 index (default true). False builds the portable schema
     * a Turso server uses (unranked substring search over a lower-cased column, no stemming); an
     * existing file keeps the schema it was built with.
     */
    public Builder fullTextSearch(boolean v) {
      this.fullTextSearch = v;
      return this;
    }

    /** How long to wait for a lock held by another connection or process (default 30 s). */
    public Builder busyTimeout(Duration v) {
      long ms = Validation.notNull("busy_timeout", v).toMillis();
      if (ms < 0 || ms > Integer.MAX_VALUE) {
        throw new ValidationException("busy_timeout", "must be between 0 and " + Integer.MAX_VALUE + " ms");
      }
      this.busyTimeoutMillis = (int) ms;
      return this;
    }

    /** Builds the (unconnected) backend. */
    public SqliteBackend build() {
      return new SqliteBackend(this);
    }
  }
}
