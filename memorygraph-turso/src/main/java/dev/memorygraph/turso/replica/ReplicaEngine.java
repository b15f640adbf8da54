package dev.memorygraph.turso.replica;

import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.ConflictException;
import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.SyncConflictException;
import dev.memorygraph.spi.SyncCapable;
import dev.memorygraph.turso.hrana.HranaBatchResult;
import dev.memorygraph.turso.hrana.HranaClient;
import dev.memorygraph.turso.hrana.HranaStatement;
import dev.memorygraph.turso.hrana.HranaStatementException;
import dev.memorygraph.turso.pull.PullClient;
import dev.memorygraph.turso.pull.PullHeader;
import dev.memorygraph.turso.pull.PullRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * A pure-Java embedded replica of a Turso / libSQL primary, kept in three stock SQLite files.
 *
 * <p>Invariant: {@code work.db} (what readers see) = {@code base.db} (the primary's image at the
 * last pulled revision, written only by crash-safe page pulls) + replay of the outbox (local
 * writes not yet on the primary, kept in {@code local.db}, which is ATTACHed as {@code local} to
 * every work.db connection and also holds local-only indexes).
 *
 * <ul>
 *   <li>{@link #write}: the statements are applied to work.db and appended to the durable outbox
 *       in one local transaction; then, unless the primary was unreachable moments ago, the outbox
 *       is pushed as one atomic batch and the primary's pages are pulled and published
 *       (read-your-writes). When the primary is unreachable the write stays queued.
 *   <li>{@link #syncNow}: push (one atomic batch guarded by an idempotency row
 *       {@code (client_id, seq)} in {@value #PUSH_LOG}), pull (redo-logged), publish: the changed
 *       rows of the tracked tables replaced by base.db's ({@code ChangeLog}), or, when that cannot
 *       reproduce base.db + outbox, an online backup of base.db into work.db on a dedicated
 *       connection (verified, checkpointed); then the remaining outbox is replayed.
 *   <li>Rejected entries are never dropped silently: they stay in the outbox flagged with the
 *       primary's error, are reported in every {@link SyncCapable.SyncResult}, and can be retried
 *       ({@link #retryOutboxEntries}) or dropped ({@link #dropOutboxEntries}) explicitly.
 * </ul>
 *
 * <p>Thread-safe: writes, syncs and publishes are serialised by one lock; reads run concurrently
 * on pooled connections and see a publish on their next transaction.
 */
public final class ReplicaEngine implements SyncCapable, AutoCloseable {
  /** The primary-side table that makes pushes idempotent. */
  public static final String PUSH_LOG = "mg_replica_push_log";
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaEngine.class);
  private static final int MAX_BATCH_ENTRIES = 500;
  /** The page cache of each read connection on work.db, in KiB (see {@link #openReadConnection}). */
  private static final int READ_CACHE_KIB = 16_000;
  /** Test seam: runs after the primary committed a push, before the outbox forgets it. */
  static volatile Runnable afterPushCommitted;

  private final ReplicaOptions options;
  private final Path basePath;
  private final Path workPath;
  private final Path localPath;
  private final RedoLog redo;
  private final HranaClient hrana;
  private final boolean ownsHrana;
  private final PullClient pull;
  private final DirectoryLock lock;
  private final BlockingQueue<Connection> idleReaders = new LinkedBlockingQueue<>();
  private final List<Connection> allReaders = new CopyOnWriteArrayList<>();
  private final List<ReplicaListener> listeners = new CopyOnWriteArrayList<>();
  private final Connection writer;
  private final String clientId;
  private final ScheduledExecutorService syncThread;
  /** Row-level publishing of the tracked tables, or null when none are tracked. */
  private final ChangeLog changeLog;

  private volatile String revision;
  private volatile long dbSizePages;
  private volatile Instant lastSuccess;
  private volatile String lastError;
  private volatile long outboxSize;
  private volatile boolean closed;
  private long offlineUntilNanos;
  private boolean pushLogReady;
  /** Whether this engine has copied base.db into work.db since it opened (row publishes build on that). */
  private boolean workCopied;
  private boolean changeLogReady;
  private long pushedSincePrune;
  private volatile long wholePublishes;
  private volatile long rowPublishes;

  private ReplicaEngine(ReplicaOptions options, HranaClient hrana, boolean ownsHrana) {
    this.options = options;
    Path dir = options.directory().toAbsolutePath();
    this.lock = DirectoryLock.acquire(dir);
    this.basePath = dir.resolve("base.db");
    this.workPath = dir.resolve("work.db");
    this.localPath = dir.resolve("local.db");
    this.redo = new RedoLog(dir.resolve("pull.redo"), basePath);
    this.hrana = hrana;
    this.ownsHrana = ownsHrana;
    this.pull = new PullClient(URI.create(options.primaryUrl()), options.authToken(), options.requestTimeout());
    this.changeLog = options.trackedTables().isEmpty() ? null : new ChangeLog(options.trackedTables());
    Connection w = null;
    try {
      w = openWorkConnection();
      this.writer = w;
      initLocalSchema();
      // Engines sharing the directory share the outbox and its push sequence: one client id.
      try (PreparedStatement ps = writer.prepareStatement("INSERT OR IGNORE INTO local.replica_meta (key, value) VALUES ('client_id', ?)")) {
        ps.setString(1, UUID.randomUUID().toString());
        ps.executeUpdate();
      }
      this.clientId = metaGet("client_id").orElseThrow();
      this.revision = metaGet("revision").orElse(null);
      this.dbSizePages = metaGet("db_size").map(Long::parseLong).orElse(0L);
      this.outboxSize = countOutbox();
    } catch (SQLException | RuntimeException e) {
      if (w != null) {
        closeQuietly(w);
      }
      if (ownsHrana) {
        hrana.close();
      }
      lock.release();
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new BackendUnavailableException("cannot open replica files in " + dir + ": " + e.getMessage(), e);
    }
    this.syncThread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "memorygraph-replica-sync");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Opens (or creates) the replica: replays an interrupted page apply, publishes the local image,
   * then syncs (always when the replica was never bootstrapped, otherwise when
   * {@link ReplicaOptions#autoSync()}), and starts the background sync thread.
   *
   * @throws BackendUnavailableException when a never-bootstrapped replica cannot reach the primary
   */
  public static ReplicaEngine open(ReplicaOptions options) {
    HranaClient client = HranaClient.builder()
        .url(options.primaryUrl())
        .authToken(options.authToken() == null ? () -> null : options.authToken())
        .requestTimeout(options.requestTimeout())
        .connectTimeout(options.requestTimeout())
        .build();
    return open(options, client, true);
  }

  /** Opens the replica using an existing Hrana client (not closed by the engine). */
  public static ReplicaEngine open(ReplicaOptions options, HranaClient client) {
    return open(options, client, false);
  }

  private static ReplicaEngine open(ReplicaOptions options, HranaClient client, boolean owns) {
    Objects.requireNonNull(options, "options");
    ReplicaEngine e = new ReplicaEngine(options, client, owns);
    try {
      e.start();
      return e;
    } catch (RuntimeException ex) {
      e.close();
      throw ex;
    }
  }

  private void start() {
    enter();
    try {
      recoverRedo();
      boolean bootstrapped = revision != null && Files.exists(basePath);
      if (bootstrapped) {
        publish();
      }
      if (!bootstrapped || options.autoSync()) {
        try {
          syncLocked(System.nanoTime());
        } catch (BackendUnavailableException ex) {
          if (!bootstrapped) {
            throw new BackendUnavailableException("replica was never bootstrapped and the primary is unreachable: " + ex.getMessage(), ex);
          }
          LOG.warn("replica starts offline: {}", ex.getMessage());
        }
      }
    } finally {
      lock.unlock();
    }
    long period = options.syncInterval().toMillis();
    if (period > 0) {
      syncThread.scheduleWithFixedDelay(this::backgroundSync, period, period, TimeUnit.MILLISECONDS);
    }
  }

  private void backgroundSync() {
    if (closed) {
      return;
    }
    try {
      syncNow(false);
    } catch (RuntimeException e) {
      LOG.warn("background sync failed: {}", e.getMessage());
    }
  }

  // ---------------------------------------------------------------- public API

  /** Adds a listener for local derived state (e.g. a local FTS5 index); called under the write lock. */
  public void addListener(ReplicaListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** A read-only callback on a JDBC connection. */
  @FunctionalInterface
  public interface SqlFunction<T> {
    /** Runs on the connection. */
    T apply(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code fn} on a pooled connection to work.db with local.db attached as {@code local}.
   * Do not keep the connection; do not write through it (use {@link #write}).
   */
  public <T> T read(SqlFunction<T> fn) {
    requireOpen();
    Connection c = idleReaders.poll();
    try {
      if (c == null) {
        c = openReadConnection();
        allReaders.add(c);
      }
      return fn.apply(c);
    } catch (SQLException e) {
      throw new MemoryGraphException("replica read failed: " + e.getMessage(), e);
    } finally {
      if (c != null) {
        try {
          if (!c.getAutoCommit()) {
            c.rollback();
            c.setAutoCommit(true);
          }
          idleReaders.add(c);
        } catch (SQLException e) {
          allReaders.remove(c);
          closeQuietly(c);
        }
      }
    }
  }

  /**
   * What a write did.
   *
   * @param outboxId the outbox entry the write got
   * @param onPrimary true when the primary committed it (and work.db shows the primary's image);
   *     false when it is queued in the outbox (visible locally, pushed at the next sync)
   */
  public record WriteReceipt(long outboxId, boolean onPrimary) {}

  /**
   * Work run inside the local write transaction on work.db (local.db attached as {@code local}):
   * it runs its statements itself and hands every statement that must also run on the primary to
   * {@code forward} (in order). Statements on {@code local.*} tables must not be forwarded.
   */
  @FunctionalInterface
  public interface LocalWork<T> {
    /** Runs the work. */
    T run(Connection connection, java.util.function.Consumer<HranaStatement> forward) throws SQLException;
  }

  /**
   * Applies a write: locally and durably first (work.db + outbox in one local transaction), then
   * pushed to the primary with a sync unless the primary was just found unreachable.
   *
   * @param operation short description kept with the outbox entry (e.g. {@code storeMemory})
   * @param statements deterministic statements (client-computed ids and timestamps)
   * @throws ConflictException when the statements fail locally or the primary rejects them
   *     (then nothing of this write is kept anywhere)
   */
  public WriteReceipt write(String operation, List<HranaStatement> statements) {
    if (statements == null || statements.isEmpty()) {
      throw new dev.memorygraph.ValidationException("statements", "must not be empty");
    }
    List<HranaStatement> copy = List.copyOf(statements);
    long[] id = {-1};
    boolean onPrimary = writeWork(operation, (c, forward) -> {
      execAll(copy);
      copy.forEach(forward);
      return null;
    }, id);
    return new WriteReceipt(id[0], onPrimary);
  }

  /**
   * Runs {@code work} as one local write transaction; when it forwarded statements they become one
   * outbox entry, pushed (with a pull and publish) unless the primary was just unreachable.
   *
   * @return what the work returned
   * @throws ConflictException when the primary rejects the forwarded statements (nothing is kept)
   */
  public <T> T write(String operation, LocalWork<T> work) {
    Object[] result = new Object[1];
    writeWork(operation, (c, forward) -> {
      result[0] = work.run(c, forward);
      return null;
    }, new long[1]);
    @SuppressWarnings("unchecked")
    T t = (T) result[0];
    return t;
  }

  private boolean writeWork(String operation, LocalWork<Void> work, long[] idOut) {
    Objects.requireNonNull(operation, "operation");
    enter();
    try {
      requireOpen();
      long id = applyLocally(operation, work);
      idOut[0] = id;
      if (id < 0) {
        return false; // nothing to send to the primary
      }
      long now = System.nanoTime();
      if (now - offlineUntilNanos < 0) {
        return false;
      }
      SyncResult r;
      try {
        r = syncLocked(now);
      } catch (BackendUnavailableException e) {
        return false;
      }
      for (SyncConflict c : r.conflicts()) {
        if (c.entryId() == id) {
          // The caller learns of the rejection right now, so the entry is removed rather than kept.
          deleteEntries(List.of(id));
          publish();
          throw new ConflictException("the primary rejected " + operation + ": " + c.error());
        }
      }
      return !inOutbox(id);
    } finally {
      lock.unlock();
    }
  }

  /** Asynchronous {@link #syncNow(boolean)} on the replica's sync thread; never throws on conflicts. */
  @Override
  public CompletableFuture<SyncResult> sync() {
    return CompletableFuture.supplyAsync(() -> syncNow(false), syncThread);
  }

  /**
   * Pushes the outbox, pulls the primary's changes and publishes them. Serialised with every
   * other write and sync.
   *
   * @param throwOnConflict when true, rejected outbox entries raise {@link SyncConflictException}
   *     (after the pull and publish have completed) instead of only being listed in the result
   * @throws BackendUnavailableException when the primary cannot be reached (the outbox is kept)
   */
  public SyncResult syncNow(boolean throwOnConflict) {
    SyncResult r;
    enter();
    try {
      requireOpen();
      r = syncLocked(System.nanoTime());
    } finally {
      lock.unlock();
    }
    if (throwOnConflict && !r.conflicts().isEmpty()) {
      List<Long> ids = new ArrayList<>();
      StringBuilder sb = new StringBuilder(r.conflicts().size() + " outbox entries were rejected by the primary:");
      for (SyncConflict c : r.conflicts()) {
        ids.add(c.entryId());
        sb.append(" #").append(c.entryId()).append(' ').append(c.operation()).append(" (").append(c.error()).append(')');
      }
      throw new SyncConflictException(sb.toString(), ids);
    }
    return r;
  }

  @Override
  public SyncStatus syncStatus() {
    return new SyncStatus("replica", revision, lastSuccess, outboxSize, lastError);
  }

  /** The outbox, oldest first. */
  public List<OutboxEntry> outbox() {
    enter();
    try {
      requireOpen();
      return loadOutbox(false);
    } catch (SQLException e) {
      throw new MemoryGraphException("cannot read the outbox: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes outbox entries for good (typically rejected ones) and republishes so that their local
   * effect disappears.
   *
   * @return how many entries were removed
   * @throws IllegalStateException when an entry belongs to a push whose outcome is not known yet
   *     (sync first)
   */
  public int dropOutboxEntries(Collection<Long> ids) {
    enter();
    try {
      requireOpen();
      List<Long> pending = pendingIds();
      for (Long id : ids) {
        if (pending.contains(id)) {
          throw new IllegalStateException("outbox entry " + id + " is part of a push whose outcome is unknown; sync first");
        }
      }
      int n = deleteEntries(ids);
      LOG.info("dropped {} outbox entries on request: {}", n, ids);
      publish();
      return n;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Clears the conflict flag of entries so the next sync pushes them again.
   *
   * @return how many entries were reset
   */
  public int retryOutboxEntries(Collection<Long> ids) {
    enter();
    try {
      requireOpen();
      int n = 0;
      try (PreparedStatement ps = writer.prepareStatement("UPDATE local.outbox SET conflict_error = NULL WHERE id = ?")) {
        for (Long id : ids) {
          ps.setLong(1, id);
          n += ps.executeUpdate();
        }
      }
      return n;
    } catch (SQLException e) {
      throw new MemoryGraphException("cannot reset outbox entries: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs portable DDL on the primary as one atomic batch, then pulls and publishes it, and
   * installs the change log of the tracked tables ({@link #ensureChangeLog()}). Never run FTS5 or
   * Turso-only DDL here: stock SQLite must be able to read the pulled file.
   */
  public void applySchemaOnPrimary(List<String> ddl) {
    List<HranaStatement> stmts = new ArrayList<>();
    for (String s : ddl) {
      stmts.add(new HranaStatement(s, List.of(), false));
    }
    runOnPrimary(stmts);
    ensureChangeLog();
  }

  /**
   * Runs statements as one atomic batch directly on the primary (schema changes, maintenance),
   * then pulls and publishes. Unlike {@link #write} nothing is applied locally first.
   */
  public void runOnPrimary(List<HranaStatement> stmts) {
    enter();
    try {
      requireOpen();
      hrana.executeAtomic(stmts);
      syncLocked(System.nanoTime());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Installs the primary's change log for {@link ReplicaOptions#trackedTables()} (a log table and
   * triggers, idempotent DDL) when the replica's copy of the primary lacks it, and prunes it to its
   * newest 100,000 rows. From then on a publish copies only the changed rows
   * instead of the whole file. {@link #applySchemaOnPrimary} calls it; it does nothing without
   * tracked tables or while one of them does not exist on the primary. When the primary cannot be
   * reached it logs and returns: the replica keeps working with whole-file publishes.
   */
  public void ensureChangeLog() {
    if (changeLog == null) {
      return;
    }
    enter();
    try {
      requireOpen();
      if (!changeLog.tablesPresent(writer)) {
        LOG.debug("not every tracked table exists on the primary yet: no change log installed");
        return;
      }
      try {
        if (!ChangeLog.logInstalled(writer)) {
          List<HranaStatement> ddl = new ArrayList<>();
          for (String s : changeLog.primaryDdl()) {
            ddl.add(HranaStatement.of(s));
          }
          hrana.executeAtomic(ddl);
          syncLocked(System.nanoTime());
        }
        hrana.execute(HranaStatement.of(ChangeLog.pruneSql()));
        changeLogReady = true;
      } catch (BackendUnavailableException e) {
        LOG.warn("cannot install the change log on the primary now ({}); publishes copy the whole database until it is", e.getMessage());
      }
    } catch (SQLException e) {
      throw new MemoryGraphException("cannot read the replica's schema: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Keeps the primary's change log bounded: prunes after every few thousand pushed entries. */
  private void pruneChangeLog(int pushed) {
    pushedSincePrune += pushed;
    if (!changeLogReady || pushedSincePrune < 5_000) {
      return;
    }
    try {
      hrana.execute(HranaStatement.of(ChangeLog.pruneSql()));
      pushedSincePrune = 0;
    } catch (RuntimeException e) {
      LOG.debug("change log not pruned this time: {}", e.getMessage()); // retried after the next push
    }
  }

  /** The client id this replica uses in the push log. */
  public String clientId() {
    return clientId;
  }

  /** The work.db path (what readers read). */
  public Path workDb() {
    return workPath;
  }

  /** Stops the background thread and closes every connection; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    syncThread.shutdownNow();
    try {
      syncThread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    enter();
    try {
      for (Connection c : allReaders) {
        closeQuietly(c);
      }
      allReaders.clear();
      idleReaders.clear();
      if (writer != null) {
        closeQuietly(writer);
      }
      if (ownsHrana) {
        hrana.close();
      }
    } finally {
      lock.unlock();
      lock.release();
    }
  }

  // ---------------------------------------------------------------- sync internals

  private SyncResult syncLocked(long startNanos) {
    List<SyncConflict> conflicts = new ArrayList<>();
    int pushed = 0;
    try {
      ensurePushLog();
      pushed = push();
      pruneChangeLog(pushed);
      PullOutcome p = pullLocked();
      if (p.changed || pushed > 0) {
        publish();
      }
      conflicts = currentConflicts();
      lastSuccess = Instant.now();
      lastError = conflicts.isEmpty() ? null : conflicts.size() + " outbox entries rejected by the primary";
      offlineUntilNanos = System.nanoTime();
      Duration d = Duration.ofNanos(System.nanoTime() - startNanos);
      LOG.debug("sync: pushed {} entries, pulled {} pages, revision {}, {} ms", pushed, p.pages, revision, d.toMillis());
      return new SyncResult(pushed, p.pages, revision, d, conflicts);
    } catch (BackendUnavailableException e) {
      lastError = e.getMessage();
      offlineUntilNanos = System.nanoTime() + options.offlineBackoff().toNanos();
      if (pushed > 0) {
        // Entries left the outbox: work.db must be rebuilt as soon as a pull succeeds.
        LOG.warn("sync pushed {} entries but could not pull: {}", pushed, e.getMessage());
      }
      throw e;
    } catch (RuntimeException e) {
      lastError = e.getMessage();
      throw e;
    }
  }

  private void ensurePushLog() {
    if (pushLogReady) {
      return;
    }
    hrana.execute(HranaStatement.of("CREATE TABLE IF NOT EXISTS " + PUSH_LOG
        + " (client_id TEXT NOT NULL, seq INTEGER NOT NULL, pushed_at INTEGER NOT NULL, PRIMARY KEY (client_id, seq))"));
    pushLogReady = true;
  }

  /** Pushes the outbox in atomic batches; returns how many entries the primary now holds. */
  private int push() {
    int pushed = 0;
    for (int round = 0; round < 10_000; round++) {
      List<OutboxEntry> batch;
      long seq;
      List<Long> pendingIds = pendingIds();
      try {
        if (!pendingIds.isEmpty()) {
          // A previous push's outcome is unknown: resend exactly the same entries with the same seq.
          seq = Long.parseLong(metaGet("pending_seq").orElseThrow());
          batch = loadEntries(pendingIds);
        } else {
          batch = loadOutbox(true);
          if (batch.isEmpty()) {
            return pushed;
          }
          if (batch.size() > MAX_BATCH_ENTRIES) {
            batch = batch.subList(0, MAX_BATCH_ENTRIES);
          }
          seq = metaGet("next_seq").map(Long::parseLong).orElse(1L);
          beginLocal();
          metaPut("next_seq", Long.toString(seq + 1));
          metaPut("pending_seq", Long.toString(seq));
          metaPut("pending_ids", joinIds(batch));
          commitLocal();
        }
      } catch (SQLException e) {
        rollbackLocal();
        throw new MemoryGraphException("cannot prepare the push: " + e.getMessage(), e);
      }
      List<HranaStatement> stmts = new ArrayList<>();
      List<Long> owner = new ArrayList<>();
      stmts.add(HranaStatement.of("INSERT INTO " + PUSH_LOG + " (client_id, seq, pushed_at) VALUES (?, ?, ?)",
          clientId, seq, System.currentTimeMillis()));
      owner.add(-1L);
      for (OutboxEntry e : batch) {
        for (HranaStatement s : e.statements()) {
          stmts.add(s);
          owner.add(e.id());
        }
      }
      List<Long> ids = batch.stream().map(OutboxEntry::id).toList();
      try {
        HranaBatchResult r = hrana.batch(HranaClient.atomicSteps(stmts), true);
        HranaClient.atomicOutcome(r, stmts.size());
        Runnable hook = afterPushCommitted;
        if (hook != null) {
          hook.run();
        }
        finishPush(ids);
        pushed += ids.size();
      } catch (HranaStatementException e) {
        if (e.statementIndex() == 0 && e.isUniqueViolation()) {
          LOG.info("push seq {} was already applied by the primary (reply lost earlier); dropping {} entries", seq, ids.size());
          finishPush(ids);
          pushed += ids.size();
        } else if (e.statementIndex() > 0) {
          long bad = owner.get(e.statementIndex());
          markConflict(bad, e.getMessage());
          LOG.warn("primary rejected outbox entry {}: {}", bad, e.getMessage());
        } else {
          clearPending();
          throw new BackendUnavailableException("push failed: " + e.getMessage(), e);
        }
      }
    }
    return pushed;
  }

  private void finishPush(List<Long> ids) {
    try {
      beginLocal();
      try (PreparedStatement ps = writer.prepareStatement("DELETE FROM local.outbox WHERE id = ?")) {
        for (long id : ids) {
          ps.setLong(1, id);
          ps.executeUpdate();
        }
      }
      metaDelete("pending_seq");
      metaDelete("pending_ids");
      commitLocal();
      outboxSize = countOutbox();
    } catch (SQLException e) {
      rollbackLocal();
      throw new MemoryGraphException("cannot record a completed push: " + e.getMessage(), e);
    }
  }

  private void markConflict(long id, String error) {
    try {
      beginLocal();
      try (PreparedStatement ps = writer.prepareStatement("UPDATE local.outbox SET conflict_error = ? WHERE id = ?")) {
        ps.setString(1, error == null ? "rejected" : error);
        ps.setLong(2, id);
        ps.executeUpdate();
      }
      // The primary rolled the whole batch back, so the seq was not used there.
      metaDelete("pending_seq");
      metaDelete("pending_ids");
      commitLocal();
    } catch (SQLException e) {
      rollbackLocal();
      throw new MemoryGraphException("cannot record a push conflict: " + e.getMessage(), e);
    }
  }

  private void clearPending() {
    try {
      metaDelete("pending_seq");
      metaDelete("pending_ids");
    } catch (SQLException e) {
      throw new MemoryGraphException("cannot clear the pending push: " + e.getMessage(), e);
    }
  }

  private record PullOutcome(long pages, boolean changed) {}

  private PullOutcome pullLocked() {
    boolean haveBase = revision != null && Files.exists(basePath);
    String since = haveBase ? revision : "";
    RedoLog.Sealed s = pull.pull(PullRequest.since(since), dec -> {
      PullHeader h = dec.header();
      if (haveBase && needsRebootstrap(h, revision)) {
        return null;
      }
      return redo.record(dec, !haveBase);
    });
    if (s == null) {
      LOG.warn("primary revision went backwards or the database is empty (had {}): re-bootstrapping the replica", revision);
      s = pull.pull(PullRequest.since(""), dec -> redo.record(dec, true));
    }
    boolean changed = s.pages() > 0 || s.dbSizePages() != dbSizePages || s.replaceBase() || !haveBase;
    applySealed(s);
    return new PullOutcome(s.pages(), changed);
  }

  /**
   * Whether an incremental pull answer shows that the primary is not the database this replica
   * was built from (reset or replaced): an empty database, or a revision older than ours.
   */
  static boolean needsRebootstrap(PullHeader h, String revision) {
    if (h.dbSizePages() == 0) {
      return true;
    }
    try {
      return Long.parseLong(h.serverRevision()) < Long.parseLong(revision);
    } catch (NumberFormatException e) {
      // Non-numeric revisions (other servers) cannot be ordered: trust the server.
      return false;
    }
  }

  private void recoverRedo() {
    redo.pending().ifPresent(s -> {
      LOG.info("replaying an interrupted page apply ({} pages, revision {})", s.pages(), s.revision());
      applySealed(s);
    });
  }

  private void applySealed(RedoLog.Sealed s) {
    // The online backup opened base.db as a WAL-mode source and may leave its -wal/-shm behind.
    // Nothing ever writes base.db through SQLite, so they hold nothing; stale ones must not
    // outlive pages written underneath them. No SQLite connection has base.db open here.
    try {
      Files.deleteIfExists(basePath.resolveSibling("base.db-wal"));
      Files.deleteIfExists(basePath.resolveSibling("base.db-shm"));
    } catch (IOException e) {
      throw new BackendUnavailableException("cannot remove stale base.db-wal/-shm: " + e.getMessage(), e);
    }
    redo.apply();
    try {
      beginLocal();
      metaPut("revision", s.revision());
      metaPut("db_size", Long.toString(s.dbSizePages()));
      commitLocal();
    } catch (SQLException e) {
      rollbackLocal();
      throw new MemoryGraphException("cannot record the pulled revision: " + e.getMessage(), e);
    }
    redo.discard();
    revision = s.revision();
    dbSizePages = s.dbSizePages();
  }

  /**
   * Brings work.db in line with base.db + the outbox: row by row when the change log allows it
   * ({@link ChangeLog}), else by copying the whole file.
   */
  private void publish() {
    if (!Files.exists(basePath)) {
      return;
    }
    if (publishRows()) {
      rowPublishes++;
      return;
    }
    publishWholeFile();
    wholePublishes++;
    workCopied = true;
  }

  /** How many publishes copied the whole file and how many copied rows (for tests and diagnostics). */
  long[] publishCounts() {
    return new long[] {wholePublishes, rowPublishes};
  }

  /**
   * Replaces the changed rows of the tracked tables with base.db's, replays the outbox and
   * notifies listeners, in one transaction; false (nothing done) when only a whole-file copy
   * can reproduce base.db + outbox.
   */
  private boolean publishRows() {
    if (changeLog == null || !workCopied) {
      return false;
    }
    try {
      try (PreparedStatement ps = writer.prepareStatement("ATTACH DATABASE ? AS base")) {
        ps.setString(1, basePath.toString());
        ps.execute();
      }
      try {
        // Past about one changed key per four pages, copying the file is the cheaper way.
        java.util.Optional<ChangeLog.Pending> pending = changeLog.pending(writer, Math.max(1000, dbSizePages / 4));
        if (pending.isEmpty()) {
          return false;
        }
        beginLocal();
        try {
          changeLog.apply(writer, pending.get());
          replayEntries(loadOutbox(false));
          Map<String, java.util.Set<Object>> touched = new LinkedHashMap<>();
          for (Map<String, java.util.Set<Object>> m : List.of(pending.get().keys(), changeLog.dirtyKeys(writer))) {
            m.forEach((t, ks) -> touched.computeIfAbsent(t, x -> new java.util.LinkedHashSet<>()).addAll(ks));
          }
          for (ReplicaListener l : listeners) {
            l.afterRowsPublished(writer, touched);
          }
          commitLocal();
        } catch (SQLException | RuntimeException e) {
          rollbackLocal();
          throw e;
        }
        LOG.debug("published {} changed keys row by row (change seq {})", pending.get().size(), pending.get().changeSeq());
        return true;
      } finally {
        try (Statement st = writer.createStatement()) {
          st.execute("DETACH DATABASE base");
        }
      }
    } catch (SQLException e) {
      LOG.warn("row-level publish failed, copying the whole database instead: {}", e.getMessage());
      return false;
    }
  }

  /** Copies base.db into work.db, verifies it, replays the outbox, and notifies listeners. */
  private void publishWholeFile() {
    SQLException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + workPath)) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA busy_timeout = 10000");
        }
        int before = intPragma(c, "schema_version");
        // sqlite-jdbc's restore silently does nothing when this connection has an open statement
        // or another connection writes: a fresh connection under the engine lock, verified below.
        int rc = ((SQLiteConnection) c).getDatabase().restore("main", basePath.toString(), null);
        long pages = intPragma(c, "page_count");
        // The backup API bumps the destination's schema cookie when it completes: an unchanged
        // cookie means the restore did not happen.
        int after = intPragma(c, "schema_version");
        if (rc == 0 && pages == dbSizePages && after != before) {
          try (Statement st = c.createStatement()) {
            // Fails with "malformed database schema" if the primary holds DDL stock SQLite cannot parse.
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_schema")) {
              rs.next();
            }
            try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
              rs.next();
            }
          }
          replayOutbox();
          return;
        }
        LOG.warn("publish attempt {} did not take (rc {}, page_count {} vs {}, schema_version {} -> {})", attempt, rc, pages, dbSizePages, before, after);
      } catch (SQLException e) {
        last = e;
        LOG.warn("publish attempt {} failed: {}", attempt, e.getMessage());
      }
    }
    throw new BackendUnavailableException("could not publish the pulled image into work.db" + (last == null ? "" : ": " + last.getMessage()), last);
  }

  private static int intPragma(Connection c, String pragma) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
      return rs.next() ? rs.getInt(1) : -1;
    }
  }

  /** Right after work.db was copied from base.db: replays the outbox and notifies listeners. */
  private void replayOutbox() throws SQLException {
    List<OutboxEntry> entries = loadOutbox(false);
    beginLocal();
    try {
      if (changeLog != null) {
        changeLog.prepareFreshCopy(writer);
      }
      replayEntries(entries);
      for (ReplicaListener l : listeners) {
        l.afterPublish(writer);
      }
      commitLocal();
    } catch (SQLException | RuntimeException ex) {
      rollbackLocal();
      throw ex;
    }
  }

  /** Re-applies outbox entries inside the caller's transaction; one that fails stays queued. */
  private void replayEntries(List<OutboxEntry> entries) throws SQLException {
      for (OutboxEntry e : entries) {
        try (Statement sp = writer.createStatement()) {
          sp.execute("SAVEPOINT replay_entry");
        }
        try {
          execAll(e.statements());
          try (Statement sp = writer.createStatement()) {
            sp.execute("RELEASE replay_entry");
          }
        } catch (SQLException ex) {
          try (Statement sp = writer.createStatement()) {
            sp.execute("ROLLBACK TO replay_entry");
            sp.execute("RELEASE replay_entry");
          }
          LOG.warn("outbox entry {} ({}) does not apply on the new image and stays queued: {}", e.id(), e.operation(), ex.getMessage());
        }
      }
  }

  /** Runs the work and records its forwarded statements in the outbox; returns the entry id or -1. */
  private long applyLocally(String operation, LocalWork<Void> work) {
    try {
      beginLocal();
      List<HranaStatement> forwarded = new ArrayList<>();
      work.run(writer, forwarded::add);
      long id = -1;
      if (!forwarded.isEmpty()) {
        try (PreparedStatement ps = writer.prepareStatement(
            "INSERT INTO local.outbox (operation, payload, created_at) VALUES (?, ?, ?) RETURNING id")) {
          ps.setString(1, operation);
          ps.setBytes(2, StatementCodec.encode(forwarded));
          ps.setLong(3, System.currentTimeMillis());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
          }
        }
        for (ReplicaListener l : listeners) {
          l.afterLocalWrite(writer, operation, forwarded);
        }
      }
      commitLocal();
      if (id >= 0) {
        outboxSize = outboxSize + 1;
      }
      return id;
    } catch (SQLException e) {
      rollbackLocal();
      String m = String.valueOf(e.getMessage());
      if (m.contains("constraint") || m.contains("CONSTRAINT")) {
        throw new ConflictException(operation + " conflicts with the replica's data: " + m, e);
      }
      throw new MemoryGraphException(operation + " failed on the replica: " + m, e);
    } catch (RuntimeException e) {
      rollbackLocal();
      throw e;
    }
  }

  private void execAll(List<HranaStatement> stmts) throws SQLException {
    for (HranaStatement s : stmts) {
      try (PreparedStatement ps = writer.prepareStatement(s.sql())) {
        for (int i = 0; i < s.args().size(); i++) {
          Object v = s.args().get(i);
          if (v instanceof Boolean b) {
            ps.setLong(i + 1, b ? 1 : 0);
          } else if (v instanceof java.math.BigInteger bi) {
            ps.setLong(i + 1, bi.longValueExact());
          } else {
            ps.setObject(i + 1, v);
          }
        }
        ps.execute();
      }
    }
  }

  // ---------------------------------------------------------------- local.db helpers

  private Connection openWorkConnection() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + workPath);
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 10000");
      st.execute("PRAGMA journal_mode = WAL");
      // work.db is rebuilt from base.db + outbox at every start, so its own fsyncs buy nothing;
      // local.db holds the outbox and is fully synchronous.
      st.execute("PRAGMA synchronous = NORMAL");
      try (PreparedStatement ps = c.prepareStatement("ATTACH DATABASE ? AS local")) {
        ps.setString(1, localPath.toString());
        ps.execute();
      }
      st.execute("PRAGMA local.journal_mode = WAL");
      st.execute("PRAGMA local.synchronous = FULL");
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
    return c;
  }

  /**
   * A pooled read connection: a work.db connection with a larger page cache for {@code main}.
   * Why: work.db carries about twice the bytes per memory of a sqlite-backend file (the primary's
   * {@code search_text} column), and a filtered search reads a memories page for every match, so
   * with SQLite's 2 MB default its large searches re-read twice as many pages from the OS
   * (measured on 10k memories, where 16 MB holds the whole memories table: 4.1 microseconds per
   * filtered match with the default against the sqlite backend's 2.8, 3.2 with this cache). The
   * cache only grows as pages are read.
   */
  private Connection openReadConnection() throws SQLException {
    Connection c = openWorkConnection();
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA main.cache_size = -" + READ_CACHE_KIB);
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
    return c;
  }

  private void initLocalSchema() throws SQLException {
    try (Statement st = writer.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS local.replica_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      st.execute("CREATE TABLE IF NOT EXISTS local.outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, operation TEXT NOT NULL,"
          + " payload BLOB NOT NULL, created_at INTEGER NOT NULL, conflict_error TEXT)");
    }
  }

  private java.util.Optional<String> metaGet(String key) {
    try (PreparedStatement ps = writer.prepareStatement("SELECT value FROM local.replica_meta WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
      }
    } catch (SQLException e) {
      throw new MemoryGraphException("cannot read replica metadata: " + e.getMessage(), e);
    }
  }

  private void metaPut(String key, String value) {
    try (PreparedStatement ps = writer.prepareStatement(
        "INSERT INTO local.replica_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
      ps.setString(1, key);
      ps.setString(2, value);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new MemoryGraphException("cannot write replica metadata: " + e.getMessage(), e);
    }
  }

  private void metaDelete(String key) throws SQLException {
    try (PreparedStatement ps = writer.prepareStatement("DELETE FROM local.replica_meta WHERE key = ?")) {
      ps.setString(1, key);
      ps.executeUpdate();
    }
  }

  private List<Long> pendingIds() {
    String s = metaGet("pending_ids").orElse("");
    List<Long> ids = new ArrayList<>();
    for (String part : s.split(",")) {
      if (!part.isBlank()) {
        ids.add(Long.parseLong(part.trim()));
      }
    }
    return ids;
  }

  private static String joinIds(List<OutboxEntry> entries) {
    StringBuilder sb = new StringBuilder();
    for (OutboxEntry e : entries) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(e.id());
    }
    return sb.toString();
  }

  private boolean inOutbox(long id) {
    try (PreparedStatement ps = writer.prepareStatement("SELECT 1 FROM local.outbox WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new MemoryGraphException("cannot read the outbox: " + e.getMessage(), e);
    }
  }

  private List<OutboxEntry> loadOutbox(boolean pushableOnly) throws SQLException {
    String sql = "SELECT id, operation, payload, created_at, conflict_error FROM local.outbox"
        + (pushableOnly ? " WHERE conflict_error IS NULL" : "") + " ORDER BY id";
    List<OutboxEntry> out = new ArrayList<>();
    try (PreparedStatement ps = writer.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new OutboxEntry(rs.getLong(1), rs.getString(2), StatementCodec.decode(rs.getBytes(3)),
            Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5)));
      }
    }
    return out;
  }

  private List<OutboxEntry> loadEntries(List<Long> ids) throws SQLException {
    Map<Long, OutboxEntry> all = new LinkedHashMap<>();
    for (OutboxEntry e : loadOutbox(false)) {
      all.put(e.id(), e);
    }
    List<OutboxEntry> out = new ArrayList<>();
    for (Long id : ids) {
      OutboxEntry e = all.get(id);
      if (e == null) {
        throw new IllegalStateException("outbox entry " + id + " of the pending push is missing");
      }
      out.add(e);
    }
    return out;
  }

  private List<SyncConflict> currentConflicts() {
    try {
      List<SyncConflict> out = new ArrayList<>();
      for (OutboxEntry e : loadOutbox(false)) {
        if (e.inConflict()) {
          out.add(new SyncConflict(e.id(), e.operation(), e.conflictError()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new MemoryGraphException("cannot read the outbox: " + e.getMessage(), e);
    }
  }

  private int deleteEntries(Collection<Long> ids) {
    try (PreparedStatement ps = writer.prepareStatement("DELETE FROM local.outbox WHERE id = ?")) {
      int n = 0;
      for (Long id : ids) {
        ps.setLong(1, id);
        n += ps.executeUpdate();
      }
      outboxSize = countOutbox();
      return n;
    } catch (SQLException e) {
      throw new MemoryGraphException("cannot delete outbox entries: " + e.getMessage(), e);
    }
  }

  private long countOutbox() throws SQLException {
    try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM local.outbox")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void beginLocal() throws SQLException {
    try (Statement st = writer.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
    }
  }

  private void commitLocal() throws SQLException {
    try (Statement st = writer.createStatement()) {
      st.execute("COMMIT");
    }
  }

  private void rollbackLocal() {
    try (Statement st = writer.createStatement()) {
      st.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // no transaction open
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new BackendUnavailableException("the replica is closed");
    }
  }

  /**
   * Takes the directory's write lock and, on the outermost hold, reloads the state another engine
   * on the same directory may have changed.
   */
  private void enter() {
    if (lock.lock() && writer != null) {
      try {
        revision = metaGet("revision").orElse(null);
        dbSizePages = metaGet("db_size").map(Long::parseLong).orElse(0L);
        outboxSize = countOutbox();
      } catch (SQLException | RuntimeException e) {
        lock.unlock();
        throw new MemoryGraphException("cannot read replica metadata: " + e.getMessage(), e);
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing is best effort
    }
  }

  @Override
  public String toString() {
    return "ReplicaEngine[" + options + ", revision=" + revision + ", outbox=" + outboxSize + "]";
  }
}
