package dev.memorygraph.sqlite;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.tck.GraphBackendTck;
import java.nio.file.Path;
import java.util.List;

/** The backend contract suite against real SQLite files under target/. */
class SqliteBackendTckTest extends GraphBackendTck {

  @Override
  protected GraphBackend newBackend(MemoryGraphConfig settings) {
    Path db = TestFiles.newDb("tck");
    return new SqliteBackendProvider().create(settings.with(ConfigKeys.MEMORY_SQLITE_PATH, db.toString()));
  }

  @Override
  protected GraphBackend reopen(GraphBackend backend) {
    SqliteBackend b = (SqliteBackend) backend;
    return SqliteBackend.builder().path(b.path()).allowCycles(b.allowCycles()).build();
  }

  @Override
  protected void cleanup(List<GraphBackend> backends) {
    for (GraphBackend b : backends) {
      TestFiles.deleteTree(((SqliteBackend) b).path().getParent());
    }
  }
}
