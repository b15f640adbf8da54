package dev.memorygraph.bench;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackendProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * A backend the harness knows how to benchmark: which provider to load, how to point it at a
 * fresh store, and which raw baseline it is compared with.
 *
 * <p>Adding a backend (Neo4j, FalkorDB, a Turso replica) means adding an entry to
 * {@link #known()} with its configuration and a {@link BenchTarget} that runs the same work on
 * the raw driver.
 *
 * @param name the name used on the command line ({@code --backends})
 * @param providerName the {@link GraphBackendProvider#name()} to load
 * @param config the library configuration for a store location
 * @param describeQueries native queries reported beside the figures (pragmas, versions)
 * @param raw the raw baseline for a {@code synchronous} level, empty when there is none yet
 * @param unavailableReason why the harness cannot run this backend here, or null
 */
public record BenchBackend(String name, String providerName,
    Function<Path, MemoryGraphConfig> config, List<String> describeQueries,
    Function<String, BenchTarget> raw, String unavailableReason) {

  private static final List<String> SQLITE_DESCRIBE = List.of(
      "SELECT sqlite_version()", "PRAGMA journal_mode", "PRAGMA synchronous", "PRAGMA cache_size",
      "PRAGMA mmap_size", "PRAGMA page_size", "PRAGMA foreign_keys");

  /** Every backend the harness names, runnable or not. */
  public static List<BenchBackend> known() {
    List<BenchBackend> out = new ArrayList<>();
    out.add(new BenchBackend("sqlite", "sqlite",
        p -> MemoryGraphConfig.builder().backend("sqlite")
            .set(ConfigKeys.MEMORY_SQLITE_PATH, p.toAbsolutePath().toString()).build(),
        SQLITE_DESCRIBE, RawSqliteTarget::new, null));
    out.add(new BenchBackend("turso-local", "turso",
        p -> MemoryGraphConfig.builder().backend("turso")
            .set(ConfigKeys.MEMORY_TURSO_PATH, p.toAbsolutePath().toString())
            .set(ConfigKeys.MEMORY_TURSO_AUTO_SYNC, "false")
            .set(ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, "0").build(),
        SQLITE_DESCRIBE, RawSqliteTarget::new, null));
    // Needs a primary server: run by ReplicaWorkload, not by the generic workload.
    out.add(new BenchBackend("turso-replica", "turso", null, List.of(), null, null));
    out.add(new BenchBackend("neo4j", "neo4j", null, List.of(), null,
        "the Neo4j run needs neo4j-harness, which stays out of this jar: run it from the test-scope"
            + " runner (mvn -o -pl memorygraph-bench test -Dtest=Neo4jServerBenchTest"
            + " -Dmemorygraph.bench.neo4j.corpus=PATH), see docs/performance.md"));
    // Needs a server: run by FalkorDbBench/ServerWorkload, not by the generic workload.
    out.add(new BenchBackend("falkordb", "falkordb", null, List.of(), null,
        FalkorDbBench.unavailableReason().orElse(null)));
    return out;
  }

  /** The known backend with this name. */
  public static Optional<BenchBackend> byName(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return known().stream().filter(b -> b.name().equals(n)).findFirst();
  }

  /** The provider on the class path, empty when its module is absent. */
  public Optional<GraphBackendProvider> provider() {
    for (GraphBackendProvider p : ServiceLoader.load(GraphBackendProvider.class)) {
      if (p.name().equalsIgnoreCase(providerName) || p.aliases().contains(providerName)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Names of every provider found on the class path, for error messages. */
  public static List<String> providersFound() {
    List<String> names = new ArrayList<>();
    ServiceLoader.load(GraphBackendProvider.class).stream().forEach(p -> {
      try {
        names.add(p.get().name());
      } catch (java.util.ServiceConfigurationError e) {
        names.add(p.type().getName() + " (broken: " + e.getMessage() + ")");
      }
    });
    return names;
  }
}
