package dev.memorygraph.turso.replica;

import dev.memorygraph.ValidationException;
import dev.memorygraph.sqlite.store.Schema;
import dev.memorygraph.sqlite.store.SqlExecutor;
import dev.memorygraph.sqlite.store.StoreOptions;
import dev.memorygraph.spi.Instants;
import dev.memorygraph.spi.SyncCapable;
import dev.memorygraph.turso.HranaSqlExecutor;
import dev.memorygraph.turso.TursoConfig;
import dev.memorygraph.turso.TursoReplica;
import dev.memorygraph.turso.hrana.HranaClient;
import dev.memorygraph.turso.hrana.HranaStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the embedded replica used by {@code TursoBackend} in replica mode (found by class name,
 * see {@link TursoReplica#FACTORY_CLASS}).
 */
public final class TursoReplicaFactory implements TursoReplica.Factory {
  /**
   * The store features of a replica: a contentless FTS5 index in the attached {@code local}
   * schema (the primary has no FTS5), plus the {@code search_text} column so that remote-mode
   * clients of the same primary can search too.
   */
  public static final StoreOptions REPLICA_OPTIONS = new StoreOptions(true, "local", true, true);

  /**
   * The store's shared tables, published row by row after a sync (see {@link ChangeLog}), each
   * keyed by the column whose rows the store replaces together. A table missing here makes every
   * publish copy the whole database (ReplicaStoreTablesTest guards the list against the schema).
   */
  static final List<TrackedTable> TRACKED_TABLES = List.of(
      new TrackedTable("memories", "id"),
      new TrackedTable("memory_tags", "memory_id"),
      new TrackedTable("relationships", "id"),
      new TrackedTable("schema_version", "version"),
      new TrackedTable(HranaSqlExecutor.REVISION_TABLE, "id"));

  /** Creates the factory (used reflectively). */
  public TursoReplicaFactory() {}

  @Override
  public TursoReplica open(TursoConfig config, HranaClient primary) {
    if (config.path() == null) {
      throw new ValidationException("MEMORY_TURSO_PATH", "is required for the replica mode");
    }
    if (config.url() == null) {
      throw new ValidationException("TURSO_DATABASE_URL", "is required for the replica mode");
    }
    ReplicaOptions o = ReplicaOptions.builder(config.path(), config.url())
        .authToken(config.authToken())
        .autoSync(config.autoSync())
        .syncInterval(config.syncInterval())
        .requestTimeout(config.requestTimeout())
        .trackedTables(TRACKED_TABLES)
        .build();
    ReplicaEngine engine = ReplicaEngine.open(o, primary);
    try {
      Replica r = new Replica(engine);
      r.initializeSchema();
      return r;
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  /** The replica behind {@code TursoBackend}: the SQL store over the engine. */
  static final class Replica implements TursoReplica {
    private final ReplicaEngine engine;
    private final ReplicaSqlExecutor executor;

    Replica(ReplicaEngine engine) {
      this.engine = engine;
      this.executor = new ReplicaSqlExecutor(engine, REPLICA_OPTIONS);
      engine.addListener(new ReplicaListener() {
        @Override
        public void afterPublish(java.sql.Connection c) throws SQLException {
          // Rowids of rows replayed from the outbox may differ after a publish: re-derive the index.
          LocalFtsIndex.refreshAll(c, REPLICA_OPTIONS);
        }

        @Override
        public void afterRowsPublished(java.sql.Connection c, Map<String, java.util.Set<Object>> keysByTable) throws SQLException {
          // Only replaced rows got new rowids; a tag change also rewrites the memory's tags column.
          java.util.Set<String> ids = new java.util.LinkedHashSet<>();
          for (String table : List.of("memories", "memory_tags")) {
            keysByTable.getOrDefault(table, java.util.Set.of()).forEach(k -> ids.add(String.valueOf(k)));
          }
          if (!ids.isEmpty()) {
            LocalFtsIndex.refreshIds(c, REPLICA_OPTIONS, ids);
          }
        }
      });
    }

    @Override
    public SqlExecutor executor() {
      return executor;
    }

    @Override
    public StoreOptions storeOptions() {
      return REPLICA_OPTIONS;
    }

    @Override
    public void initializeSchema() {
      boolean[] revisionTable = new boolean[1];
      int applied = executor.read(s -> {
        revisionTable[0] = s.query("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
            HranaSqlExecutor.REVISION_TABLE).get(0).getLong(0) > 0;
        if (s.query("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get(0).getLong(0) == 0) {
          return 0;
        }
        return Schema.appliedVersion(s);
      });
      if (applied > Schema.CURRENT_VERSION) {
        throw new IllegalStateException("the primary's schema version " + applied + " is newer than this library's " + Schema.CURRENT_VERSION);
      }
      if (applied < Schema.CURRENT_VERSION) {
        // Shared tables are created on the primary (portable DDL only, no FTS5) and pulled.
        StoreOptions shared = REPLICA_OPTIONS.withFts(false);
        List<HranaStatement> stmts = new ArrayList<>();
        stmts.add(new HranaStatement(Schema.versionTableDdl(), List.of(), false));
        // Replica writes bump it too, so remote-mode clients' optimistic guards see them.
        HranaSqlExecutor.revisionTableDdl().forEach(ddl -> stmts.add(HranaStatement.of(ddl)));
        for (Schema.Migration m : Schema.migrations(shared)) {
          if (m.version() <= applied) {
            continue; // only pending migrations: later ones may not be idempotent (ALTER TABLE)
          }
          for (String ddl : m.statements()) {
            stmts.add(ReplicaSqlExecutor.forPrimary(dev.memorygraph.sqlite.store.SqlStatement.of(ddl)));
          }
          stmts.add(HranaStatement.of("INSERT OR IGNORE INTO schema_version(version, description, applied_at) VALUES (?, ?, ?)",
              (long) m.version(), m.description(), Instants.toMicros(Instant.now())));
        }
        engine.runOnPrimary(stmts);
      } else if (!revisionTable[0]) {
        // Primaries initialised before replicas bumped the remote clients' write revision.
        engine.applySchemaOnPrimary(HranaSqlExecutor.revisionTableDdl());
      }
      engine.ensureChangeLog();
      // The local index: created and filled in the engine's write transaction (local only).
      engine.write("initializeLocalIndex", (c, forward) -> {
        LocalFtsIndex.refreshAll(c, REPLICA_OPTIONS);
        return null;
      });
    }

    @Override
    public SyncCapable.SyncResult sync() {
      return engine.syncNow(false);
    }

    @Override
    public SyncCapable.SyncStatus status() {
      return engine.syncStatus();
    }

    @Override
    public Map<String, String> details() {
      SyncCapable.SyncStatus s = engine.syncStatus();
      Map<String, String> m = new LinkedHashMap<>();
      m.put("replica.directory", engine.workDb().getParent().toString());
      m.put("replica.revision", String.valueOf(s.revision()));
      m.put("replica.outbox", Long.toString(s.outboxSize()));
      m.put("replica.lastSuccess", String.valueOf(s.lastSuccess()));
      long[] publishes = engine.publishCounts();
      m.put("replica.publishes.wholeFile", Long.toString(publishes[0]));
      m.put("replica.publishes.rows", Long.toString(publishes[1]));
      if (s.lastError() != null) {
        m.put("replica.lastError", s.lastError());
      }
      return m;
    }

    @Override
    public List<PendingWrite> outbox() {
      List<PendingWrite> out = new ArrayList<>();
      for (OutboxEntry e : engine.outbox()) {
        out.add(new PendingWrite(e.id(), e.operation(), e.statements().size(), e.conflictError()));
      }
      return out;
    }

    @Override
    public int dropOutboxEntries(java.util.Collection<Long> entryIds) {
      return engine.dropOutboxEntries(entryIds);
    }

    @Override
    public int retryOutboxEntries(java.util.Collection<Long> entryIds) {
      return engine.retryOutboxEntries(entryIds);
    }

    @Override
    public void close() {
      engine.close();
    }
  }
}
