package dev.memorygraph.turso.replica;

import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.sqlite.SqliteException;
import dev.memorygraph.sqlite.store.Row;
import dev.memorygraph.sqlite.store.SqlExecutor;
import dev.memorygraph.sqlite.store.SqlSession;
import dev.memorygraph.sqlite.store.SqlStatement;
import dev.memorygraph.turso.hrana.HranaStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
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

  ReplicaSqlExecutor(ReplicaEngine engine, dev.memorygraph.sqlite.store.StoreOptions options) {
    this.engine = engine;
    this.options = options;
  }

  @Override
  public <T> T read(Function<SqlSession, T> work) {
    return engine.read(c -> {
      c.setAutoCommit(false);
      try {
        return work.apply(new Session(c, null));
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    });
  }

  @Override
  public <T> T write(Function<SqlSession, T> work) {
    return engine.write("store", (c, forward) -> {
      Session session = new Session(c, forward);
      T result = work.apply(session);
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

  /** One transaction on one connection; {@code forward} is null for read sessions. */
  private static final class Session implements SqlSession {
    private final Connection c;
    private final Consumer<HranaStatement> forward;
    private final java.util.Set<String> ftsIds = new java.util.LinkedHashSet<>();
    private boolean ftsFull;

    Session(Connection c, Consumer<HranaStatement> forward) {
      this.c = c;
      this.forward = forward;
    }

    private void record(SqlStatement s) {
      if (forward == null) {
        throw new MemoryGraphException("a read transaction tried to write: " + s.sql().split("\\s+", 2)[0]);
      }
      if (!isLocalOnly(s.sql())) {
        forward.accept(forPrimary(s));
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
      try (PreparedStatement ps = prepare(s); ResultSet rs = ps.executeQuery()) {
        return rows(rs);
      } catch (SQLException e) {
        throw new SqliteException("query failed (" + shortSql(s) + ")", e);
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
      try (PreparedStatement ps = prepare(s)) {
        return ps.executeUpdate();
      } catch (SQLException e) {
        throw new SqliteException("statement failed (" + shortSql(s) + ")", e);
      }
    }

    @Override
    public List<Row> run(SqlStatement s) {
      if (!isRead(s)) {
        record(s);
      }
      try (PreparedStatement ps = prepare(s)) {
        if (ps.execute()) {
          try (ResultSet rs = ps.getResultSet()) {
            return rows(rs);
          }
        }
        int n = ps.getUpdateCount();
        return List.of(new Row(List.of("changes"), new Object[] {(long) Math.max(n, 0)}));
      } catch (SQLException e) {
        throw new SqliteException("query failed", e);
      }
    }

    private PreparedStatement prepare(SqlStatement s) throws SQLException {
      PreparedStatement ps = c.prepareStatement(s.sql());
      try {
        List<Object> args = s.args();
        for (int i = 0; i < args.size(); i++) {
          Object v = args.get(i);
          if (v == null) {
            ps.setNull(i + 1, Types.NULL);
          } else if (v instanceof Long || v instanceof Integer) {
            ps.setLong(i + 1, ((Number) v).longValue());
          } else {
            ps.setObject(i + 1, v);
          }
        }
        return ps;
      } catch (SQLException e) {
        ps.close();
        throw e;
      }
    }

    private static List<Row> rows(ResultSet rs) throws SQLException {
      ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      List<String> cols = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        cols.add(md.getColumnLabel(i));
      }
      cols = Collections.unmodifiableList(cols);
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

    private static String shortSql(SqlStatement s) {
      String sql = s.sql();
      return sql.length() > 120 ? sql.substring(0, 120) + "..." : sql;
    }
  }
}
