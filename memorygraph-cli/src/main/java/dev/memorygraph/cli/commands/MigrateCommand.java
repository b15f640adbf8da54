package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.ValidationException;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.Progress;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.factory.migration.GraphMigration;
import dev.memorygraph.factory.migration.MigrationListener;
import dev.memorygraph.factory.migration.MigrationPhase;
import dev.memorygraph.factory.migration.MigrationReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memorygraph migrate}: copies a whole graph from one backend to another, verified. */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Copy every memory and relationship from one backend to another, then verify the copy.",
        "",
        "Each side is configured by the environment plus its --from-opt / --to-opt settings (MEMORY_BACKEND comes from --from / --to). The target must be empty unless --allow-non-empty is given; when merging, ids already used in the target are reported before anything is written.",
        "",
        "Writes memories, then relationships, in atomic batches, then compares counts and a sample of records field by field. If a write fails or verification finds a difference, everything this command wrote is deleted again (nothing the target held before is touched) and the exit code is 2 (refused: non-empty target, id conflict, a cycle the target forbids) or 3 (database failure)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  memorygraph migrate --from sqlite --to turso \\",
        "      --from-opt MEMORY_SQLITE_PATH=~/.memorygraph/memory.db --to-opt MEMORY_TURSO_PATH=./memory-turso.db",
        "  memorygraph migrate --from sqlite --to sqlite --from-opt MEMORY_SQLITE_PATH=a.db \\",
        "      --to-opt MEMORY_SQLITE_PATH=b.db --allow-non-empty --batch-size 1000 --json"})
public final class MigrateCommand extends BaseCommand {

  @Option(names = "--from", required = true, paramLabel = "BACKEND",
      description = "The backend to read from (sqlite, turso, neo4j... as in MEMORY_BACKEND).")
  String from;

  @Option(names = "--to", required = true, paramLabel = "BACKEND", description = "The backend to write to.")
  String to;

  @Option(names = "--from-opt", paramLabel = "KEY=VALUE",
      description = "A setting for the source only, overriding the environment (repeatable), e.g. MEMORY_SQLITE_PATH=a.db.")
  Map<String, String> fromOpts = new LinkedHashMap<>();

  @Option(names = "--to-opt", paramLabel = "KEY=VALUE",
      description = "A setting for the target only, overriding the environment (repeatable), e.g. MEMORY_TURSO_PATH=b.db.")
  Map<String, String> toOpts = new LinkedHashMap<>();

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + GraphMigration.DEFAULT_BATCH_SIZE,
      description = "Records per atomic write batch, 1-" + GraphMigration.MAX_BATCH_SIZE + " (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--sample-size", paramLabel = "N", defaultValue = "" + GraphMigration.DEFAULT_SAMPLE_SIZE,
      description = "Memories and relationships compared field by field after the copy (default: ${DEFAULT-VALUE}; 0 = counts only).")
  int sampleSize;

  @Option(names = "--allow-non-empty",
      description = "Add to a target that already holds data (ids used on both sides are still refused).")
  boolean allowNonEmpty;

  @Option(names = "--progress", description = "Show a progress bar on stderr (default: when stderr is a terminal).")
  boolean progress;

  @Override
  public Integer call() {
    if (root.selectsDatabase()) {
      throw new ValidationException("--db/--backend", "do not apply to migrate; choose the databases with "
          + "--from/--to and --from-opt/--to-opt (e.g. --from-opt MEMORY_SQLITE_PATH=a.db)");
    }
    MemoryGraphConfig source = side("--from", from, "--from-opt", fromOpts);
    MemoryGraphConfig target = side("--to", to, "--to-opt", toOpts);
    if (source.equals(target)) {
      throw new ValidationException("--to", "is the same database as --from (give the target its own --to-opt settings)");
    }
    // Options are checked before any database is opened.
    GraphMigration.Builder options = GraphMigration.builder().batchSize(batchSize).sampleSize(sampleSize)
        .allowNonEmptyTarget(allowNonEmpty);
    MigrationReport report;
    try (MemoryGraph sourceGraph = root.openGraph(source);
         MemoryGraph targetGraph = root.openGraph(target);
         Bars bars = new Bars(err(), progress || Progress.stderrIsTerminal())) {
      report = options.listener(bars).build().migrate(sourceGraph, targetGraph);
    }
    if (json()) {
      ObjectNode n = JsonCodec.object();
      n.put("from", report.sourceBackend());
      n.put("to", report.targetBackend());
      n.put("memories", report.memories());
      n.put("relationships", report.relationships());
      n.put("current_relationships", report.currentRelationships());
      n.put("verified_memories", report.verifiedMemories());
      n.put("verified_relationships", report.verifiedRelationships());
      n.put("duration_ms", report.duration().toMillis());
      printJson(n);
    } else {
      println("Migrated " + report.memories() + " memories and " + report.relationships()
          + " relationships from " + report.sourceBackend() + " to " + report.targetBackend() + " in "
          + String.format(Locale.ROOT, "%.1f", report.duration().toMillis() / 1000.0) + " s; verified counts and "
          + report.verifiedSampleSize() + " records field by field");
    }
    return 0;
  }

  /** One side's settings: the environment, its backend, then its overrides. */
  private MemoryGraphConfig side(String backendOption, String backendName, String optOption, Map<String, String> opts) {
    if (backendName == null || backendName.isBlank()) {
      throw new ValidationException(backendOption, "must name a backend");
    }
    opts.forEach((key, value) -> {
      if (ConfigKeys.MEMORY_BACKEND.equals(key)) {
        throw new ValidationException(optOption, "cannot set MEMORY_BACKEND; use " + backendOption);
      }
      if (!ConfigKeys.isLibraryKey(key)) {
        throw new ValidationException(optOption, "'" + key + "' is not a memorygraph setting"
            + " (settings start with MEMORY_, TURSO_ or NEO4J_; give them as KEY=VALUE)");
      }
    });
    return MemoryGraphConfig.builder().putAll(root.env()).backend(backendName.strip()).putAll(opts).build().validate();
  }

  /** One progress bar per write phase, since the relationship total is known only once reading ends. */
  private static final class Bars implements MigrationListener, AutoCloseable {
    private final PrintWriter err;
    private final boolean enabled;
    private Progress bar;
    private long shown;

    Bars(PrintWriter err, boolean enabled) {
      this.err = err;
      this.enabled = enabled;
    }

    @Override
    public void onProgress(MigrationPhase phase, long done, long total) {
      boolean writing = phase == MigrationPhase.WRITE_MEMORIES || phase == MigrationPhase.WRITE_RELATIONSHIPS;
      if (!writing) {
        close();
        return;
      }
      if (done == 0) {
        close();
        bar = Progress.start(err, enabled, phase == MigrationPhase.WRITE_MEMORIES ? "Memories     " : "Relationships", total);
        shown = 0;
      } else if (bar != null) {
        bar.advance(done - shown);
        shown = done;
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }
}
