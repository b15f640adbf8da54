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
import java.util.function.Supplier;
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
 * <p><b>Other clients.</b> The queries of a work function (read or write) and a write's commit are
 * separate requests, so another client could write in between: a read would mix two states of the
 * database (a page whose total disagrees with it, a traversal reaching an edge whose end is already
 * deleted), a write would lose an update (two clients both turning version 1 into version 2). One
 * optimistic mechanism covers both. Every write of this library increments a one-row counter
 * ({@value #REVISION_TABLE}, also bumped by Turso replicas of this library). A work's first query
 * notes the counter in the same request, before the query; every later query notes it again in the
 * same request, after the query (inside a dry run's transaction, the counter is read there). While
 * the counter is unchanged, everything the work has seen is one state of the database. When a query
 * finds that it moved, that query ends the attempt at once (an internal exception unwinds the work
 * function; nothing is written) and the work function runs again on fresh data. A write's commit
 * batch also starts with a guard that fails unless the counter still has the first query's value
 * (checked after {@code BEGIN IMMEDIATE}, so nothing can slip in before the commit); a guard
 * failure, too, means: nothing written, run again. An exception the work function throws after
 * consistent queries is its own and is rethrown at once; one thrown after a moved counter (for
 * example a "not found" for a row the work had just listed) is a product of the mixed state, so the
 * work runs again instead.
 *
 * <p>A work function that keeps losing these races (other clients writing faster than it can run)
 * is retried with growing, jittered pauses for up to two minutes, then fails with a
 * {@link ConflictException} saying so. A read gives up the same way rather than returning its last,
 * mixed result: the store's callers rely on {@link SqlExecutor#read}'s snapshot (a total that
 * agrees with its page, statistics of one moment), an inconsistent answer could not be told
 * from a correct one, and a caller who gets the exception can retry, read less at once or slow the
 * writers down. Writes that read nothing are not guarded (blind writes). Writers that do not use
 * this library do not move the counter and are not detected.
 *
 * <p><b>Reads.</b> Each query is its own request in autocommit mode, and the revision check rides
 * on those requests (one more one-row statement in each), so a read costs exactly as many requests
 * as it has queries; a read of one query needs no check at all. {@link #query} (one statement, no
 * work function) sends just the statement. Reads never write: when the counter table does not exist
 * yet (a database no writer of this library has written to; with a read-only token it could not be
 * created anyway), the counter reads as 0, the value the table is created with; any library write
 * creates the table and then increments it, so a write during the read is still seen (0, then 1 or
 * more), while the mere creation of the table, which changes no data, is not.
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

  /** The one-row table whose counter every write bumps (remote clients' optimistic guard). */
  public static final String REVISION_TABLE = "memorygraph_write_revision";
  /** The statement that bumps the write revision; writers that bypass this executor run it too. */
  public static final String BUMP_REVISION_SQL = "UPDATE " + REVISION_TABLE + " SET n = n + 1 WHERE id = 1";
  private static final java.time.Duration CONFLICT_PATIENCE = java.time.Duration.ofSeconds(120);
  private static final HranaStatement READ_REVISION = new HranaStatement(
      "SELECT n FROM " + REVISION_TABLE + " WHERE id = 1", List.of(), true);
  private static final HranaStatement BUMP_REVISION = new HranaStatement(BUMP_REVISION_SQL, List.of(), false);

  private final HranaClient client;
  private final java.time.Duration patience;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private volatile boolean revisionTableReady;

  /** An executor sending statements through this client. */
  public HranaSqlExecutor(HranaClient client) {
    this(client, CONFLICT_PATIENCE);
  }

  /** Test seam: how long a work may keep losing races against other clients before giving up. */
  HranaSqlExecutor(HranaClient client, java.time.Duration patience) {
    this.client = Objects.requireNonNull(client, "client");
    this.patience = Objects.requireNonNull(patience, "patience");
  }

  /** The client in use. */
  public HranaClient client() {
    return client;
  }

  /** Runs the work on one state of the database; see "Other clients" in the class javadoc. */
  @Override
  public <T> T read(Function<SqlSession, T> work) {
    return optimistically("read", work, ReadSession::new);
  }

  /** Runs the work and commits its statements as one atomic batch; see the class javadoc. */
  @Override
  public <T> T write(Function<SqlSession, T> work) {
    writeLock.lock();
    try {
      ensureRevisionTable();
      return optimistically("write", work, WriteSession::new);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Runs the work in new sessions until one attempt saw one state of the database throughout (and,
   * for a write, committed): the loop shared by reads and writes.
   */
  private <T> T optimistically(String what, Function<SqlSession, T> work, Supplier<GuardedSession> sessions) {
    long deadline = System.nanoTime() + patience.toNanos();
    for (int attempt = 1; ; attempt++) {
      GuardedSession s = sessions.get();
      RuntimeException lost;
      try {
        T result = work.apply(s);
        s.finish();
        return result;
      } catch (RuntimeException e) {
        // A work may have caught the internal signal and thrown something else (or nothing): the
        // session knows whether the state moved under it.
        if (!(e instanceof StateMoved) && !s.moved()) {
          throw e;
        }
        lost = e;
      }
      // Under steady writes by other clients a work may lose several races in a row; keep trying
      // (with growing, jittered pauses) for a while rather than a fixed count.
      if (System.nanoTime() > deadline) {
        throw new ConflictException("other clients kept writing to the Turso database while this " + what
            + " ran; gave up after " + attempt + " attempts in " + seconds(patience)
            + (what.equals("write") ? " (nothing was written)" : " (no consistent result)"),
            lost instanceof StateMoved ? lost.getCause() : lost);
      }
      pause(attempt, what);
    }
  }

  private static String seconds(java.time.Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static void pause(int attempt, String what) {
    try {
      Thread.sleep(1 + ThreadLocalRandom.current().nextLong(Math.min(200L, 5L << Math.min(attempt, 6))));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException("interrupted while retrying a " + what + " that met concurrent writes", ie);
    }
  }

  /**
   * The internal signal that the counter moved during an attempt (or its commit guard failed): the
   * attempt is over and the work runs again. Never leaves this class.
   */
  private static final class StateMoved extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StateMoved(Throwable cause) {
      super("another client wrote while the work ran", cause, false, false);
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

  /**
   * One attempt of a work function: tracks the write revision its requests saw (see "Other
   * clients" in the class javadoc).
   */
  private abstract class GuardedSession implements SqlSession {
    /** The revision noted by the attempt's first request (before its query), or null before it. */
    Long revision;
    /** The revision noted by the attempt's latest request. */
    private long latest;

    /** Whether the revision moved during this attempt: what it has seen mixes two states. */
    final boolean moved() {
      return revision != null && latest != revision;
    }

    /** Notes a revision seen by a request of this attempt; ends the attempt when it moved. */
    final void note(long seen) {
      if (revision == null) {
        revision = seen;
      }
      latest = seen;
      if (moved()) {
        throw new StateMoved(null);
      }
    }

    /**
     * A query on the committed state, in one request with a read of the revision: before the query
     * for the attempt's first request (the state everything must match), after it for the later
     * ones (no write in between when it is unchanged).
     */
    final List<Row> committedQuery(HranaStatement q) {
      boolean first = revision == null;
      HranaBatchResult r = client.batch(first
          ? List.of(new HranaBatchStep(null, READ_REVISION), new HranaBatchStep(null, q))
          : List.of(new HranaBatchStep(null, q), new HranaBatchStep(null, READ_REVISION)), true);
      if (r.size() != 2) {
        throw new HranaProtocolException("a query with its revision read got " + r.size() + " results");
      }
      int at = first ? 1 : 0;
      // Noted even when the query failed: a failure on a moved state is retried like any other.
      note(revisionAt(r, 1 - at));
      HranaBatchResult.StepError e = r.errors().get(at);
      if (e != null) {
        throw new HranaStatementException(e.message(), e.code(), 0);
      }
      if (r.results().get(at) == null) {
        throw new HranaProtocolException("a query step was skipped without an error");
      }
      return rows(r.results().get(at));
    }

    /** Ends a work that returned: fails with {@link StateMoved} when the attempt must run again. */
    abstract void finish();
  }

  /** Autocommit queries; writes are refused. */
  private final class ReadSession extends GuardedSession {
    @Override
    public List<Row> query(SqlStatement statement) {
      return committedQuery(toHrana(statement));
    }

    @Override
    public int execute(SqlStatement statement) {
      throw new IllegalStateException("write statement in a read transaction: " + statement);
    }

    @Override
    void finish() {
      // Every query already checked the revision; this catches a work that swallowed the signal.
      if (moved()) {
        throw new StateMoved(null);
      }
    }
  }

  /** Collects the statements; see the class javadoc. */
  private final class WriteSession extends GuardedSession {
    private final List<HranaStatement> pending = new ArrayList<>();

    @Override
    public List<Row> query(SqlStatement statement) {
      HranaStatement q = toHrana(statement);
      if (pending.isEmpty()) {
        return committedQuery(q);
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
     * Runs the statements inside BEGIN ... ROLLBACK in one request; nothing is kept. The request
     * also notes the write revision (inside the transaction: the state the statements ran on).
     */
    private List<HranaResult> dryRun(List<HranaStatement> statements) {
      List<HranaStatement> all = new ArrayList<>(statements.size() + 1);
      all.add(READ_REVISION);
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
      for (int step = 0; step <= 1; step++) {
        HranaBatchResult.StepError e = r.errors().get(step);
        if (e != null) {
          throw new HranaStatementException(e.message(), e.code(), -1);
        }
      }
      note(revisionOf(r.results().get(1)));
      for (int step = 2; step <= n; step++) {
        HranaBatchResult.StepError e = r.errors().get(step);
        if (e != null) {
          throw new HranaStatementException(e.message(), e.code(), step - 2);
        }
      }
      return new ArrayList<>(r.results().subList(2, n + 1));
    }

    @Override
    void finish() {
      if (moved()) {
        // The guard would refuse it: save the request.
        throw new StateMoved(null);
      }
      try {
        commit();
      } catch (HranaStatementException e) {
        if (isGuardFailure(e)) {
          throw new StateMoved(e);
        }
        throw e;
      }
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

  /**
   * The revision read by step {@code i}; 0 when its table does not exist (no writer of this
   * library has written yet; see "Reads" in the class javadoc).
   */
  private static long revisionAt(HranaBatchResult r, int i) {
    HranaBatchResult.StepError e = r.errors().get(i);
    if (e != null) {
      if (String.valueOf(e.message()).toLowerCase(java.util.Locale.ROOT).contains("no such table")) {
        return 0L;
      }
      throw new HranaStatementException("reading " + REVISION_TABLE + ": " + e.message(), e.code(), -1);
    }
    if (r.results().get(i) == null) {
      throw new HranaProtocolException("the revision read was skipped without an error");
    }
    return revisionOf(r.results().get(i));
  }

  @Override
  public String toString() {
    return "HranaSqlExecutor[" + client.endpoint() + "]";
  }
}
