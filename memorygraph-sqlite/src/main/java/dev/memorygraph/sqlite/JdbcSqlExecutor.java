package dev.memorygraph.sqlite;

import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.sqlite.store.Row;
import dev.memorygraph.sqlite.store.SqlExecutor;
import dev.memorygraph.sqlite.store.SqlSession;
import dev.memorygraph.sqlite.store.SqlStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.sqlite.SQLiteConfig;

/**
 * The JDBC {@link SqlExecutor} over one SQLite file: ONE writer connection, used under a lock
 * with {@code BEGIN IMMEDIATE} transactions, and a pool of {@code query_only} reader connections
 * opened on demand. Every connection caches its prepared statements.
 *
 * <p>Connections run in WAL mode with a busy timeout, so readers never block the writer and a
 * writer in another process is waited for instead of failing with SQLITE_BUSY.
 */
public final class JdbcSqlExecutor implements SqlExecutor, AutoCloseable {
  /** How many prepared statements each connection keeps. */
  static final int STATEMENT_CACHE = 256;
  /** WAL pages between automatic checkpoints (SQLite's default is 1000). */
  static final int WAL_AUTOCHECKPOINT_PAGES = 4000;

  private final String url;
  private final Settings settings;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Semaphore readerPermits;
  private final ConcurrentLinkedQueue<Conn> idleReaders = new ConcurrentLinkedQueue<>();
  private final List<Conn> allReaders = Collections.synchronizedList(new ArrayList<>());
  private volatile Conn writer;
  private volatile boolean closed;

  /**
   * Connection settings.
   *
   * @param readers the most reader connections (1 or more)
   * @param synchronousFull true for {@code synchronous=FULL}, false for {@code NORMAL}
   * @param busyTimeoutMillis how long to wait for another connection's lock
   */
  public record Settings(int readers, boolean synchronousFull, int busyTimeoutMillis) {
    /** Checks the values. */
    public Settings {
      if (readers < 1) {
        throw new IllegalArgumentException("readers must be at least 1");
      }
      if (busyTimeoutMillis < 0) {
        throw new IllegalArgumentException("busyTimeoutMillis must be zero or more");
      }
    }
  }

  /**
   * Prepares the executor. Connections open on first use: the writer (which creates the file
   * and puts it in WAL mode) on the first write, so that opening a database only to read it
   * costs one connection.
   *
   * @param file the database file; its parent directory must exist
   */
  public JdbcSqlExecutor(Path file, Settings settings) {
    this.url = "jdbc:sqlite:" + file.toAbsolutePath();
    this.settings = settings;
    this.readerPermits = new Semaphore(settings.readers(), true);
  }

  private Conn open(boolean reader) {
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setBusyTimeout(settings.busyTimeoutMillis());
    cfg.setGetGeneratedKeys(false);
    try {
      Connection c = cfg.createConnection(url);
      try (Statement st = c.createStatement()) {
        if (reader) {
          st.execute("PRAGMA query_only = 1");
          // Searches materialise their matches in a temporary table.
          st.execute("PRAGMA temp_store = MEMORY");
        } else {
          // journal_mode is persistent in the file; setting it again is a no-op.
          st.execute("PRAGMA journal_mode = WAL");
          st.execute("PRAGMA synchronous = " + (settings.synchronousFull() ? "FULL" : "NORMAL"));
          st.execute("PRAGMA temp_store = MEMORY");
          // Checkpoint every ~16 MB of WAL instead of SQLite's 4 MB: pages written by many small
          // commits (index and FTS5 pages are rewritten by nearly every store) are copied back to
          // the database once per checkpoint, so fewer checkpoints copy fewer pages and sync less
          // often (about 18% more single stores per second measured); durability is unchanged.
          st.execute("PRAGMA wal_autocheckpoint = " + WAL_AUTOCHECKPOINT_PAGES);
        }
      }
      return new Conn(c);
    } catch (SQLException e) {
      throw new SqliteException("cannot open " + url, e);
    }
  }

  @Override
  public <T> T read(Function<SqlSession, T> work) {
    Conn c = acquireReader();
    try {
      c.exec("BEGIN");
      try {
        T out = work.apply(c);
        c.exec("COMMIT");
        return out;
      } catch (RuntimeException | Error e) {
        c.rollbackQuietly();
        throw e;
      }
    } finally {
      releaseReader(c);
    }
  }

  @Override
  public List<Row> query(SqlStatement statement) {
    Conn c = acquireReader();
    try {
      return c.query(statement);
    } finally {
      releaseReader(c);
    }
  }

  @Override
  public <T> T write(Function<SqlSession, T> work) {
    writeLock.lock();
    try {
      Conn c = writer();
      c.exec("BEGIN IMMEDIATE");
      try {
        T out = work.apply(c);
        c.exec("COMMIT");
        return out;
      } catch (RuntimeException | Error e) {
        c.rollbackQuietly();
        throw e;
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs work on the writer connection outside any transaction (pragmas, checkpoints). */
  public <T> T withWriter(Function<SqlSession, T> work) {
    writeLock.lock();
    try {
      return work.apply(writer());
    } finally {
      writeLock.unlock();
    }
  }

  /** The writer connection, opened on first use; call with the write lock held. */
  private Conn writer() {
    if (closed) {
      throw new BackendUnavailableException("sqlite database is closed: " + url);
    }
    Conn w = writer;
    if (w == null) {
      w = open(false);
      writer = w;
    }
    return w;
  }

  private Conn acquireReader() {
    if (closed) {
      throw new BackendUnavailableException("sqlite database is closed: " + url);
    }
    try {
      readerPermits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException("interrupted while waiting for a reader connection", e);
    }
    Conn c = idleReaders.poll();
    if (c != null) {
      return c;
    }
    try {
      c = open(true);
    } catch (RuntimeException e) {
      readerPermits.release();
      throw e;
    }
    allReaders.add(c);
    return c;
  }

  private void releaseReader(Conn c) {
    if (closed) {
      c.close();
    } else {
      idleReaders.add(c);
    }
    readerPermits.release();
  }

  /** How many reader connections are open now. */
  public int openReaders() {
    return allReaders.size();
  }

  /** Closes every connection; idempotent. */
  @Override
  public void close() {
    closed = true;
    writeLock.lock();
    try {
      if (writer != null) {
        writer.close();
        writer = null;
      }
    } finally {
      writeLock.unlock();
    }
    synchronized (allReaders) {
      for (Conn c : allReaders) {
        c.close();
      }
      allReaders.clear();
    }
    idleReaders.clear();
  }

  /** One connection with its statement cache; a session while a transaction is open on it. */
  private static final class Conn implements SqlSession {
    private final Connection connection;
    private final LinkedHashMap<String, PreparedStatement> cache =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > STATEMENT_CACHE) {
              closeQuietly(eldest.getValue());
              return true;
            }
            return false;
          }
        };

    private final java.util.HashMap<String, List<String>> labelCache = new java.util.HashMap<>();

    Conn(Connection connection) {
      this.connection = connection;
    }

    private PreparedStatement prepare(SqlStatement s) throws SQLException {
      PreparedStatement ps = cache.get(s.sql());
      if (ps == null) {
        ps = connection.prepareStatement(s.sql());
        cache.put(s.sql(), ps);
      }
      List<Object> args = s.args();
      for (int i = 0; i < args.size(); i++) {
        Object v = args.get(i);
        if (v == null) {
          ps.setNull(i + 1, Types.NULL);
        } else if (v instanceof String) {
          ps.setString(i + 1, (String) v);
        } else if (v instanceof Long || v instanceof Integer) {
          ps.setLong(i + 1, ((Number) v).longValue());
        } else if (v instanceof Double) {
          ps.setDouble(i + 1, (Double) v);
        } else if (v instanceof byte[]) {
          ps.setBytes(i + 1, (byte[]) v);
        } else {
          ps.setObject(i + 1, v);
        }
      }
      return ps;
    }

    @Override
    public List<Row> query(SqlStatement s) {
      try {
        PreparedStatement ps = prepare(s);
        try (ResultSet rs = ps.executeQuery()) {
          return rows(rs, columns(s.sql(), rs));
        }
      } catch (SQLException e) {
        throw new SqliteException("query failed (" + shortSql(s) + ")", e);
      }
    }

    @Override
    public int execute(SqlStatement s) {
      try {
        return prepare(s).executeUpdate();
      } catch (SQLException e) {
        throw new SqliteException("statement failed (" + shortSql(s) + ")", e);
      }
    }

    @Override
    public List<Row> run(SqlStatement s) {
      try {
        PreparedStatement ps = prepare(s);
        if (ps.execute()) {
          try (ResultSet rs = ps.getResultSet()) {
            return rows(rs, labels(rs));
          }
        }
        int n = ps.getUpdateCount();
        return List.of(new Row(List.of("changes"), new Object[] {(long) Math.max(n, 0)}));
      } catch (SQLException e) {
        throw new SqliteException("query failed", e);
      }
    }

    /**
     * The column labels of a cached statement's results, read once per statement text: asking
     * the driver costs a native call per column on every query.
     */
    private List<String> columns(String sql, ResultSet rs) throws SQLException {
      List<String> cols = labelCache.get(sql);
      // A schema change can change what the same text returns: the count is one cheap call.
      if (cols == null || cols.size() != rs.getMetaData().getColumnCount()) {
        cols = labels(rs);
        if (labelCache.size() >= STATEMENT_CACHE) {
          labelCache.clear();
        }
        labelCache.put(sql, cols);
      }
      return cols;
    }

    private static List<String> labels(ResultSet rs) throws SQLException {
      ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      List<String> cols = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        cols.add(md.getColumnLabel(i));
      }
      return Collections.unmodifiableList(cols);
    }

    private static List<Row> rows(ResultSet rs, List<String> cols) throws SQLException {
      int n = cols.size();
      List<Row> out = new ArrayList<>();
      while (rs.next()) {
        Object[] v = new Object[n];
        for (int i = 0; i < n; i++) {
          v[i] = rs.getObject(i + 1);
        }
        out.add(new Row(cols, v));
      }
      return out;
    }

    void exec(String sql) {
      try {
        PreparedStatement ps = cache.get(sql);
        if (ps == null) {
          ps = connection.prepareStatement(sql);
          cache.put(sql, ps);
        }
        ps.executeUpdate();
      } catch (SQLException e) {
        throw new SqliteException(sql + " failed", e);
      }
    }

    void rollbackQuietly() {
      try (Statement st = connection.createStatement()) {
        st.execute("ROLLBACK");
      } catch (SQLException ignored) {
        // no transaction open any more (SQLite may have rolled back already)
      }
    }

    void close() {
      synchronized (cache) {
        for (Iterator<PreparedStatement> it = cache.values().iterator(); it.hasNext(); ) {
          closeQuietly(it.next());
          it.remove();
        }
      }
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing is best effort
      }
    }

    private static void closeQuietly(PreparedStatement ps) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // closing is best effort
      }
    }

    private static String shortSql(SqlStatement s) {
      String sql = s.sql();
      return sql.length() > 120 ? sql.substring(0, 120) + "..." : sql;
    }

    @Override
    public String toString() {
      return "Conn" + Arrays.asList(connection);
    }
  }
}
