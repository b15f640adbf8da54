package dev.memorygraph.turso.replica;

import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.sqlite.CachedStatements;
import dev.memorygraph.sqlite.SqliteException;
import dev.memorygraph.sqlite.store.Row;
import dev.memorygraph.sqlite.store.SqlExecutor;
import dev.memorygraph.sqlite.store.SqlSession;
import dev.memorygraph.sqlite.store.SqlStatement;
import dev.memorygraph.turso.HranaSqlExecutor;
import dev.memorygraph.turso.hrana.HranaStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The SQL store's executor in replica mode: reads run on work.db (snapshot per read), writes run
 * in the engine's local write transaction and every statement that changes shared tables is
 * forwarded to the primary through the outbox (one atomic batch per write).
 *
 * <p>Statements on the attached {@code local} schema (the local FTS5 index) run locally only;
 * the index is rebuilt from work.db after each publish.
 */
final class ReplicaSqlExecutor implements SqlExecutor {
  private static final Pattern WITHOUT_ROWID = Pattern.compile("(?i)\\)\\s*WITHOUT\\s+ROWID\\s*$");
  private static final Pattern READ_ONLY = Pattern.compile("(?is)^\\s*(SELECT|WITH|VALUES|EXPLAIN)\\b.*");
  private static final Pattern LOCAL_ONLY = Pattern.compile("(?i)\\blocal\\s*\\.");

  private final ReplicaEngine engine;
  private final dev.memorygraph.sqlite.store.StoreOptions options;
  /** Per read connection; a connection is used by one read at a time (the engine's pool). */
  /** As many prepared statements per read connection as the sqlite backend keeps. */
  private static final int READ_STATEMENT_CACHE = 256;

  private final Map<Connection, CachedStatements> readCaches = new ConcurrentHashMap<>();

  ReplicaSqlExecutor(ReplicaEngine engine, dev.memorygraph.sqlite.store.StoreOptions options) {
    this.engine = engine;
    this.options = options;
  }

  @Override
  public <T> T read(Function<SqlSession, T> work) {
    return engine.read(c -> {
      CachedStatements cache = cacheFor(c);
      // Plain BEGIN/COMMIT through cached statements: setAutoCommit(false) + rollback() +
      // setAutoCommit(true) prepared and ran four statements per read.
      return cache.transaction("BEGIN", () -> work.apply(new Session(c, null, cache)));
    });
  }

  /**
   * The statement cache of a pooled read connection. The engine never closes a read connection
   * while it is in use, only on failure or at shutdown; caches of closed connections are dropped
   * here when a new one is made.
   */
  private CachedStatements cacheFor(Connection c) {
    CachedStatements cache = readCaches.get(c);
    if (cache == null) {
      readCaches.keySet().removeIf(ReplicaSqlExecutor::isClosed);
      cache = new CachedStatements(c, READ_STATEMENT_CACHE);
      // Searches materialise their matches in a temporary table; the sqlite backend's readers
      // keep it in memory too (a connection-level setting, made once per connection here).
      cache.exec("PRAGMA temp_store = MEMORY");
      readCaches.put(c, cache);
    }
    return cache;
  }

  private static boolean isClosed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  @Override
  public <T> T write(Function<SqlSession, T> work) {
    return engine.write("store", (c, forward) -> {
      Session session = new Session(c, forward, null);
      T result = work.apply(session);
      if (session.forwarded) {
        // Remote-mode clients of the same primary guard their writes with this counter.
        session.execute(SqlStatement.of(HranaSqlExecutor.BUMP_REVISION_SQL));
      }
      // The store's own FTS statements were collected, not run: the local index keeps the
      // indexed text beside it (LocalFtsIndex) and is refreshed for the touched ids here.
      if (session.ftsFull) {
        LocalFtsIndex.refreshAll(c, options);
      } else if (!session.ftsIds.isEmpty()) {
        LocalFtsIndex.refreshIds(c, options, session.ftsIds);
      }
      return result;
    });
  }

  /** The statement as the primary must run it (tursodb has no WITHOUT ROWID tables). */
  static HranaStatement forPrimary(SqlStatement s) {
    String sql = s.sql();
    if (WITHOUT_ROWID.matcher(sql).find()) {
      sql = WITHOUT_ROWID.matcher(sql).replaceFirst(")");
    }
    return new HranaStatement(sql, s.args(), false);
  }

  static boolean isLocalOnly(String sql) {
    return LOCAL_ONLY.matcher(sql).find();
  }

  /**
   * One transaction on one connection; {@code forward} is null for read sessions, {@code cache}
   * is null for write sessions (the writer's statements are prepared afresh).
   */
  private static final class Session implements SqlSession {
    private final Connection c;
    private final Consumer<HranaStatement> forward;
    private final CachedStatements cache;
    private final java.util.Set<String> ftsIds = new java.util.LinkedHashSet<>();
    private boolean ftsFull;
    private boolean forwarded;

    Session(Connection c, Consumer<HranaStatement> forward, CachedStatements cache) {
      this.c = c;
      this.forward = forward;
      this.cache = cache;
    }

    private void record(SqlStatement s) {
      if (forward == null) {
        throw new MemoryGraphException("a read transaction tried to write: " + s.sql().split("\\s+", 2)[0]);
      }
      if (!isLocalOnly(s.sql())) {
        forward.accept(forPrimary(s));
        forwarded = true;
      }
    }

    private static boolean isRead(SqlStatement s) {
      return READ_ONLY.matcher(s.sql()).matches() || s.sql().strip().toUpperCase(Locale.ROOT).startsWith("PRAGMA");
    }

    @Override
    public List<Row> query(SqlStatement s) {
      if (!isRead(s)) {
        record(s); // e.g. INSERT ... RETURNING
      }
      if (cache != null) {
        return cache.query(s);
      }
      try (PreparedStatement ps = prepare(c, s); ResultSet rs = ps.executeQuery()) {
        return CachedStatements.rows(rs, CachedStatements.labels(rs));
      } catch (SQLException e) {
        throw new SqliteException("query failed (" + CachedStatements.shortSql(s) + ")", e);
      }
    }

    /** Collects a store statement on the local FTS5 table instead of running it; true if it was one. */
    private boolean collectFts(SqlStatement s) {
      if (forward == null || !isLocalOnly(s.sql()) || !s.sql().contains("memories_fts")) {
        return false;
      }
      if (s.sql().contains("'delete-all'") || s.sql().contains("'rebuild'") || s.args().isEmpty()) {
        ftsFull = true;
      } else {
        ftsIds.add(String.valueOf(s.args().get(0)));
      }
      return true;
    }

    @Override
    public int execute(SqlStatement s) {
      if (collectFts(s)) {
        return 1;
      }
      if (!isRead(s)) {
        record(s);
      }
      try (PreparedStatement ps = prepare(c, s)) {
        return ps.executeUpdate();
      } catch (SQLException e) {
        throw new SqliteException("statement failed (" + CachedStatements.shortSql(s) + ")", e);
      }
    }

    @Override
    public List<Row> run(SqlStatement s) {
      if (!isRead(s)) {
        record(s);
      }
      try (PreparedStatement ps = prepare(c, s)) {
        return CachedStatements.runPrepared(ps);
      } catch (SQLException e) {
        throw new SqliteException("query failed", e);
      }
    }
  }

  private static PreparedStatement prepare(Connection c, SqlStatement s) throws SQLException {
    PreparedStatement ps = c.prepareStatement(s.sql());
    try {
      CachedStatements.bind(ps, s.args());
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }
}
