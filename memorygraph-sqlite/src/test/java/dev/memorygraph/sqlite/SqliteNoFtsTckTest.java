package dev.memorygraph.sqlite;

import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.tck.GraphBackendTck;
import java.util.List;

/**
 * The contract suite over the portable schema without FTS5 (the fallback search the Turso
 * backend shares). Ranking and stemming tests are skipped by the capability flags, visibly.
 */
class SqliteNoFtsTckTest extends GraphBackendTck {

  @Override
  protected GraphBackend newBackend(MemoryGraphConfig settings) {
    return SqliteBackend.builder().path(TestFiles.newDb("tck-nofts"))
        .allowCycles(settings.allowCycles()).fullTextSearch(false).build();
  }

  @Override
  protected GraphBackend reopen(GraphBackend backend) {
    SqliteBackend b = (SqliteBackend) backend;
    return SqliteBackend.builder().path(b.path()).allowCycles(b.allowCycles()).fullTextSearch(false).build();
  }

  @Override
  protected void cleanup(List<GraphBackend> backends) {
    for (GraphBackend b : backends) {
      TestFiles.deleteTree(((SqliteBackend) b).path().getParent());
    }
  }
}
