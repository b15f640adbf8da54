package dev.memorygraph.turso;

import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.ConflictException;
import dev.memorygraph.sqlite.store.Row;
import dev.memorygraph.sqlite.store.SqlExecutor;
import dev.memorygraph.sqlite.store.SqlSession;
import dev.memorygraph.sqlite.store.SqlStatement;
import dev.memorygraph.turso.hrana.HranaBatchResult;
import dev.memorygraph.turso.hrana.HranaBatchStep;
import dev.memorygraph.turso.hrana.HranaClient;
import dev.memorygraph.turso.hrana.HranaCondition;
import dev.memorygraph.turso.hrana.HranaProtocolException;
import dev.memorygraph.turso.hrana.HranaResult;
import dev.memorygraph.turso.hrana.HranaStatement;
import dev.memorygraph.turso.hrana.HranaStatementException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The SQL store's {@link SqlExecutor} over a Turso server (Hrana over HTTP): the remote mode.
 *
 * <p><b>Writes.</b> A transaction never spans HTTP requests (on {@code tursodb} an open
 * {@code BEGIN} would leak into every other client's requests). So the statements a write work
 * function executes are collected and sent at the end as ONE atomic batch
 * ({@link HranaClient#executeAtomic}). Inside the work function:
 * <ul>
 *   <li>a query sees the committed state plus the work's own pending statements: when statements
 *       are pending, it runs in a dry-run batch ({@code BEGIN; pending...; query; ROLLBACK});
 *   <li>{@code execute} returns the true change count: for a single-row {@code INSERT ... VALUES}
 *       (which changes exactly one row or fails, failing the whole commit) the count is 1 without
 *       a round trip; for anything else the count comes from a dry run with {@code changes()}
 *       ({@code tursodb} always reports {@code affected_row_count} 0). {@code executeAll} needs at
 *       most one dry run for the whole list.
 * </ul>
 * Writes of this process are serialised by a lock.
 *
 * <p><b>Other clients.</b> Reads inside a write work function and the commit are separate
 * requests, so another client could write in between (a lost update: two clients both turning
 * version 1 into version 2). Every write therefore also increments a one-row counter
 * ({@value #REVISION_TABLE}); the work's first read notes the counter in the same request, and the
 * commit batch starts with a guard that fails unless the counter is unchanged (checked after
 * {@code BEGIN IMMEDIATE}, so nothing can slip in before the commit). On a guard failure nothing is
 * written and the work function runs again on fresh data (for up to two minutes, then a
 * {@link ConflictException}). Writes that read nothing are not guarded (blind writes). Writers that
 * do not use this library do not move the counter and are not detected.
 *
 * <p><b>Reads.</b> Each query is its own request in autocommit mode; queries of one read work
 * function are not one snapshot.
 *
 * <p><b>Dialect.</b> {@code tursodb} does not support {@code WITHOUT ROWID} tables (an
 * experimental flag); this executor removes that clause from DDL, which changes only the table's
 * storage layout, not its behaviour.
 */
public final class HranaSqlExecutor implements SqlExecutor {
  private static final Pattern SINGLE_ROW_INSERT = Pattern.compile(
      "(?is)\\s*INSERT\\s+INTO\\s+[^()]+\\([^()]*\\)\\s*VALUES\\s*\\([^()]*\\)"
          + "(\\s+ON\\s+CONFLICT\\s*\\([^()]*\\)\\s*DO\\s+UPDATE\\s+SET\\s+[^;]*)?\\s*");
  private static final Pattern WITHOUT_ROWID = Pattern.compile("(?i)\\)\\s*WITHOUT\\s+ROWID\\s*$");

  /** The one-row table whose counter every write of this library increments. */
  /** The one-row table whose counter every write bumps (remote clients' optimistic guard). */
  public static final String REVISION_TABLE = "memorygraph_write_revision";
  /** The statement that bumps the write revision; writers that bypass this executor run it too. */
  public static final String BUMP_REVISION_SQL = "UPDATE " + REVISION_TABLE + " SET n = n + 1 WHERE id = 1";
  private static final java.time.Duration CONFLICT_PATIENCE = java.time.Duration.ofSeconds(120);
  private static final HranaStatement READ_REVISION = new HranaStatement(
      "SELECT n FROM " + REVISION_TABLE + " WHERE id = 1", List.of(), true);
  private static final HranaStatement BUMP_REVISION = new HranaStatement(BUMP_REVISION_SQL, List.of(), false);

  private final HranaClient client;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private volatile boolean revisionTableReady;

  /** An executor sending statements through this client. */
  public HranaSqlExecutor(HranaClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** The client in use. */
  public HranaClient client() {
    return client;
  }

  @Override
  public <T> T read(Function<SqlSession, T> work) {
    return work.apply(new ReadSession());
  }

  @Override
  public <T> T write(Function<SqlSession, T> work) {
    writeLock.lock();
    try {
      ensureRevisionTable();
      long deadline = System.nanoTime() + CONFLICT_PATIENCE.toNanos();
      for (int attempt = 1; ; attempt++) {
        WriteSession s = new WriteSession();
        T result = work.apply(s);
        try {
          s.commit();
          return result;
        } catch (HranaStatementException e) {
          if (!s.isGuardFailure(e)) {
            throw e;
          }
          // Under steady writes by other clients a work may lose several races in a row; keep
          // trying (with growing, jittered pauses) for a while rather than a fixed count.
          if (System.nanoTime() > deadline) {
            throw new ConflictException("other clients kept writing to the Turso database while this write was "
                + "prepared; gave up after " + attempt + " attempts in " + CONFLICT_PATIENCE.toSeconds()
                + " s (nothing was written)", e);
          }
          pause(attempt);
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(1 + ThreadLocalRandom.current().nextLong(Math.min(200L, 5L << Math.min(attempt, 6))));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException("interrupted while retrying a conflicting write", ie);
    }
  }

  /** The idempotent statements that create the write revision table and its one row. */
  public static List<String> revisionTableDdl() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + REVISION_TABLE + " (id INTEGER PRIMARY KEY NOT NULL, n INTEGER NOT NULL)",
        "INSERT INTO " + REVISION_TABLE + " (id, n) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM " + REVISION_TABLE + " WHERE id = 1)");
  }

  /** Creates the one-row write revision table once per executor (idempotent on the server). */
  private void ensureRevisionTable() {
    if (revisionTableReady) {
      return;
    }
    client.executeAtomic(revisionTableDdl().stream().map(s -> new HranaStatement(s, List.of(), false)).toList());
    revisionTableReady = true;
  }

  @Override
  public List<Row> query(SqlStatement statement) {
    return rows(client.query(toHrana(statement)));
  }

  /** One atomic batch, with {@code changes()} after each statement for exact counts. */
  @Override
  public int transaction(List<SqlStatement> statements) {
    if (statements.isEmpty()) {
      return 0;
    }
    writeLock.lock();
    try {
      ensureRevisionTable();
      List<HranaStatement> steps = new ArrayList<>(statements.size() * 2 + 1);
      for (SqlStatement s : statements) {
        steps.add(toHrana(s));
        steps.add(CHANGES);
      }
      // A blind write needs no guard, but others must see that the data changed.
      steps.add(BUMP_REVISION);
      List<HranaResult> results = client.executeAtomic(steps);
      int sum = 0;
      for (int i = 1; i < results.size() - 1; i += 2) {
        sum += (int) firstLong(results.get(i));
      }
      return sum;
    } catch (HranaStatementException e) {
      throw renumbered(e, 2);
    } finally {
      writeLock.unlock();
    }
  }

  private static final HranaStatement CHANGES = new HranaStatement("SELECT changes()", List.of(), true);
  private static final HranaStatement TOTAL_CHANGES = new HranaStatement("SELECT total_changes()", List.of(), true);

  /**
   * Runs a native statement (the escape hatch): its rows when it returns columns, otherwise one
   * row with the column {@code changes}. A write runs as one atomic batch. A read runs inside a
   * transaction that is always rolled back, and fails when the statement changed rows, so that a
   * read can never write.
   *
   * @throws HranaStatementException when the server rejects the statement
   * @throws IllegalArgumentException when a read-only run changed data
   */
  public List<Row> runNative(SqlStatement statement, boolean write) {
    HranaStatement h = toHrana(statement);
    if (write) {
      writeLock.lock();
      try {
        List<HranaResult> r = client.executeAtomic(List.of(h, CHANGES));
        return rowsOrChanges(r.get(0), firstLong(r.get(1)));
      } catch (HranaStatementException e) {
        throw renumbered(e, 2);
      } finally {
        writeLock.unlock();
      }
    }
    List<HranaBatchStep> steps = List.of(
        new HranaBatchStep(null, new HranaStatement("BEGIN", List.of(), false)),
        new HranaBatchStep(HranaCondition.ok(0), TOTAL_CHANGES),
        new HranaBatchStep(HranaCondition.ok(1), h),
        new HranaBatchStep(HranaCondition.ok(2), TOTAL_CHANGES),
        new HranaBatchStep(HranaCondition.ok(0), new HranaStatement("ROLLBACK", List.of(), false)));
    HranaBatchResult r = client.batch(steps, true);
    if (r.size() != steps.size()) {
      throw new HranaProtocolException("read of 5 steps got " + r.size() + " results");
    }
    for (int i = 0; i < 4; i++) {
      HranaBatchResult.StepError e = r.errors().get(i);
      if (e != null) {
        throw new HranaStatementException(e.message(), e.code(), i == 2 ? 0 : -1);
      }
    }
    long changed = firstLong(r.results().get(3)) - firstLong(r.results().get(1));
    if (changed != 0) {
      throw new IllegalArgumentException("a read-only query changed " + changed
          + " rows (rolled back); pass write=true to write");
    }
    return rowsOrChanges(r.results().get(2), 0);
  }

  private static List<Row> rowsOrChanges(HranaResult r, long changes) {
    if (!r.columns().isEmpty()) {
      return rows(r);
    }
    return List.of(new Row(List.of("changes"), new Object[] {changes}));
  }

  /** Converts a store statement to a Hrana statement (and drops WITHOUT ROWID). */
  static HranaStatement toHrana(SqlStatement s) {
    String sql = s.sql();
    if (WITHOUT_ROWID.matcher(sql).find()) {
      sql = WITHOUT_ROWID.matcher(sql).replaceFirst(")");
    }
    return new HranaStatement(sql, s.args(), true);
  }

  static boolean isSingleRowInsert(String sql) {
    return SINGLE_ROW_INSERT.matcher(sql).matches();
  }

  private static List<Row> rows(HranaResult r) {
    List<String> cols = r.columns();
    List<Row> out = new ArrayList<>(r.rows().size());
    for (List<Object> values : r.rows()) {
      out.add(new Row(cols, values.toArray()));
    }
    return out;
  }

  private static long firstLong(HranaResult r) {
    if (r.rows().isEmpty() || r.rows().get(0).isEmpty() || !(r.rows().get(0).get(0) instanceof Long)) {
      throw new HranaProtocolException("SELECT changes() returned no integer");
    }
    return (Long) r.rows().get(0).get(0);
  }

  /** Maps a step index of a batch with {@code stride} steps per statement back to the statement. */
  private static HranaStatementException renumbered(HranaStatementException e, int stride) {
    if (e.statementIndex() < 0 || stride == 1) {
      return e;
    }
    return new HranaStatementException(serverText(e), e.code(), e.statementIndex() / stride);
  }

  private static String serverText(HranaStatementException e) {
    String m = String.valueOf(e.getMessage());
    int colon = m.indexOf(": ");
    return colon < 0 ? m : m.substring(colon + 2);
  }

  /** Autocommit queries; writes are refused. */
  private final class ReadSession implements SqlSession {
    @Override
    public List<Row> query(SqlStatement statement) {
      return rows(client.query(toHrana(statement)));
    }

    @Override
    public int execute(SqlStatement statement) {
      throw new IllegalStateException("write statement in a read transaction: " + statement);
    }
  }

  /** Collects the statements; see the class javadoc. */
  private final class WriteSession implements SqlSession {
    private final List<HranaStatement> pending = new ArrayList<>();
    /** The write revision seen by this work's first read, or null before it. */
    private Long revision;

    @Override
    public List<Row> query(SqlStatement statement) {
      HranaStatement q = toHrana(statement);
      if (pending.isEmpty()) {
        if (revision != null) {
          return rows(client.query(q));
        }
        // The first read also notes the write revision, in the same request.
        List<HranaResult> r = client.queryAll(List.of(READ_REVISION, q));
        revision = revisionOf(r.get(0));
        return rows(r.get(1));
      }
      List<HranaStatement> probe = new ArrayList<>(pending);
      probe.add(q);
      List<HranaResult> results = dryRun(probe);
      return rows(results.get(results.size() - 1));
    }

    @Override
    public int execute(SqlStatement statement) {
      return executeAll(List.of(statement));
    }

    @Override
    public int executeAll(List<SqlStatement> statements) {
      List<HranaStatement> added = new ArrayList<>(statements.size());
      boolean needCounts = false;
      for (SqlStatement s : statements) {
        HranaStatement h = toHrana(s);
        added.add(h);
        needCounts |= !isSingleRowInsert(h.sql());
      }
      if (!needCounts) {
        pending.addAll(added);
        return added.size();
      }
      List<HranaStatement> probe = new ArrayList<>(pending);
      for (HranaStatement h : added) {
        probe.add(h);
        probe.add(CHANGES);
      }
      List<HranaResult> results;
      try {
        results = dryRun(probe);
      } catch (HranaStatementException e) {
        // Report the failing statement as the caller numbered it.
        int i = e.statementIndex();
        if (i >= pending.size()) {
          throw new HranaStatementException(serverText(e), e.code(), (i - pending.size()) / 2);
        }
        throw e;
      }
      int sum = 0;
      for (int i = pending.size() + 1; i < results.size(); i += 2) {
        sum += (int) firstLong(results.get(i));
      }
      pending.addAll(added);
      return sum;
    }

    /**
     * Runs the statements inside BEGIN ... ROLLBACK in one request; nothing is kept. When the work
     * has not read yet, the request also notes the write revision.
     */
    private List<HranaResult> dryRun(List<HranaStatement> statements) {
      boolean noteRevision = revision == null;
      List<HranaStatement> all = new ArrayList<>(statements.size() + 1);
      if (noteRevision) {
        all.add(READ_REVISION);
      }
      all.addAll(statements);
      int n = all.size();
      List<HranaBatchStep> steps = new ArrayList<>(n + 2);
      steps.add(new HranaBatchStep(null, new HranaStatement("BEGIN IMMEDIATE", List.of(), false)));
      for (int i = 0; i < n; i++) {
        steps.add(new HranaBatchStep(HranaCondition.ok(i), all.get(i)));
      }
      // Roll back whenever BEGIN succeeded, whatever happened after it.
      steps.add(new HranaBatchStep(HranaCondition.ok(0), new HranaStatement("ROLLBACK", List.of(), false)));
      HranaBatchResult r = client.batch(steps, true);
      if (r.size() != n + 2) {
        throw new HranaProtocolException("dry run of " + (n + 2) + " steps got " + r.size() + " results");
      }
      int offset = noteRevision ? 1 : 0;
      for (int step = 0; step <= n; step++) {
        HranaBatchResult.StepError e = r.errors().get(step);
        if (e != null) {
          throw new HranaStatementException(e.message(), e.code(), step - 1 - offset);
        }
      }
      if (noteRevision) {
        revision = revisionOf(r.results().get(1));
      }
      return new ArrayList<>(r.results().subList(1 + offset, n + 1));
    }

    /**
     * Commits: a guard that fails when another client wrote since this work's first read, the
     * pending statements, and the revision bump, as one atomic batch.
     */
    void commit() {
      if (pending.isEmpty()) {
        return;
      }
      List<HranaStatement> steps = new ArrayList<>(pending.size() + 2);
      if (revision != null) {
        steps.add(guard(revision));
      }
      steps.addAll(pending);
      steps.add(BUMP_REVISION);
      try {
        client.executeAtomic(steps);
      } catch (HranaStatementException e) {
        if (revision == null || e.statementIndex() <= 0) {
          throw e;
        }
        throw new HranaStatementException(serverText(e), e.code(), e.statementIndex() - 1);
      }
    }

    boolean isGuardFailure(HranaStatementException e) {
      // The guard is step 0 and can only fail through its deliberate JSON error.
      return revision != null && e.statementIndex() == 0
          && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("malformed json");
    }
  }

  private static final String GUARD_TAG = "memorygraph-concurrent-write";

  /** A statement that fails (a JSON parse error, the only portable way to raise) unless the revision is unchanged. */
  private static HranaStatement guard(long revision) {
    return HranaStatement.of("SELECT CASE WHEN (SELECT n FROM " + REVISION_TABLE + " WHERE id = 1) = ? THEN 1 "
        + "ELSE json('" + GUARD_TAG + "') END", revision);
  }

  private static long revisionOf(HranaResult r) {
    return r.rows().isEmpty() ? 0L : firstLong(r);
  }

  @Override
  public String toString() {
    return "HranaSqlExecutor[" + client.endpoint() + "]";
  }
}
