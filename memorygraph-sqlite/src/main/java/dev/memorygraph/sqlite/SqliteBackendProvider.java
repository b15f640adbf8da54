package dev.memorygraph.sqlite;

import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.GraphBackendProvider;
import java.util.Set;

/** Provides the SQLite backend ({@code MEMORY_BACKEND=sqlite} or {@code sqlite3}), the default. */
public final class SqliteBackendProvider implements GraphBackendProvider {

  /** Creates the provider (cheap: nothing is opened). */
  public SqliteBackendProvider() {}

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("sqlite3");
  }

  @Override
  public String description() {
    return "SQLite file (MEMORY_SQLITE_PATH, default ~/.memorygraph/memory.db): FTS5 search, WAL";
  }

  /** Always true: SQLite needs nothing but a file path, which has a default. */
  @Override
  public boolean isConfigured(MemoryGraphConfig config) {
    return true;
  }

  @Override
  public int autoPriority() {
    return 0;
  }

  @Override
  public GraphBackend create(MemoryGraphConfig config) {
    config.validate();
    return SqliteBackend.fromConfig(config);
  }
}
