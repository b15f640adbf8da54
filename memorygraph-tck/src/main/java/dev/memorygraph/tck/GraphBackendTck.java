package dev.memorygraph.tck;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The backend contract suite. A backend's test class extends this class and supplies fresh
 * backends; every contract test then runs against the real database.
 *
 * <p>Tests for a capability the backend declares absent ({@link GraphBackend#capabilities()})
 * are skipped with the backend's reason, visibly.
 */
public abstract class GraphBackendTck {

  /** The graph under test, opened over {@link #newBackend()} before each test. */
  protected MemoryGraph graph;

  private final List<GraphBackend> opened = new ArrayList<>();

  /**
   * A new, unconnected backend over EMPTY storage (a new file, a wiped database, a new graph
   * name). Called at least once per test.
   *
   * @param settings behaviour settings chosen by the test (for example
   *     {@code MEMORY_ALLOW_CYCLES=false}); merge your connection settings into them
   */
  protected abstract GraphBackend newBackend(MemoryGraphConfig settings);

  /** A new backend over empty storage with default behaviour settings. */
  protected final GraphBackend newBackend() {
    return newBackend(MemoryGraphConfig.of(Map.of()));
  }

  /**
   * A second, unconnected backend over the SAME storage as {@code backend} (reconnect and
   * concurrency tests). The default says the backend cannot, and such tests are skipped.
   */
  protected GraphBackend reopen(GraphBackend backend) {
    Assumptions.abort(getClass().getSimpleName() + " does not support reopening the same storage");
    return null;
  }

  /** Called after each test with every backend the test opened, already disconnected. */
  protected void cleanup(List<GraphBackend> backends) {}

  /** How long the concurrency test runs. */
  protected Duration concurrencyDuration() {
    return Duration.ofSeconds(3);
  }

  /** Opens a backend through the facade (connect + schema) and remembers it for cleanup. */
  protected final MemoryGraph open(GraphBackend backend) {
    opened.add(backend);
    return MemoryGraph.open(backend);
  }

  @BeforeEach
  void openGraph() {
    graph = open(newBackend());
  }

  @AfterEach
  void closeGraphs() {
    for (GraphBackend b : opened) {
      try {
        b.disconnect().join();
      } catch (RuntimeException ignored) {
        // a test may have closed it already; disconnect is idempotent but may report
      }
    }
    cleanup(List.copyOf(opened));
    opened.clear();
  }
}
