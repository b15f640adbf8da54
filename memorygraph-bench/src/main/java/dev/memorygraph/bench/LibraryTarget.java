package dev.memorygraph.bench;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.TraversalOptions;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.GraphBackendProvider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The library side: a backend found through {@link java.util.ServiceLoader} and used only through
 * the public {@link MemoryGraph} facade, exactly as an application would.
 */
public final class LibraryTarget implements BenchTarget {
  private final GraphBackendProvider provider;
  private final Function<Path, MemoryGraphConfig> config;
  private final List<String> describeQueries;
  private MemoryGraph graph;

  /**
   * Creates an unopened library target.
   *
   * @param provider the backend's provider
   * @param config the configuration that points the backend at a store location
   * @param describeQueries native queries whose first column is worth reporting (e.g. pragmas)
   */
  public LibraryTarget(GraphBackendProvider provider, Function<Path, MemoryGraphConfig> config,
      List<String> describeQueries) {
    this.provider = provider;
    this.config = config;
    this.describeQueries = List.copyOf(describeQueries);
  }

  @Override
  public String label() {
    return "library";
  }

  /** The open graph (for callers that add backend-specific phases). */
  public MemoryGraph graph() {
    return graph;
  }

  @Override
  public void open(Path location) {
    close();
    graph = openGraph(location);
  }

  private MemoryGraph openGraph(Path location) {
    GraphBackend backend = provider.create(config.apply(location));
    return MemoryGraph.open(backend);
  }

  @Override
  public void storeOne(Memory memory) {
    graph.store(memory);
  }

  @Override
  public void storeBatch(List<Memory> memories) {
    graph.storeAll(memories);
  }

  @Override
  public void link(Relationship relationship) {
    graph.link(relationship);
  }

  @Override
  public void linkBatch(List<Relationship> relationships) {
    graph.linkAll(relationships);
  }

  @Override
  public int search(Corpus.Query query) {
    return graph.search(query.query()).items().size();
  }

  @Override
  public int traverse(Corpus.Traversal t) {
    return graph.related(t.start(), options(t)).size();
  }

  static TraversalOptions options(Corpus.Traversal t) {
    return TraversalOptions.builder().maxDepth(t.depth()).limit(RawSqliteTarget.TRAVERSAL_LIMIT).build();
  }

  @Override
  public AutoCloseable openAndSearch(Path location, Corpus.Query query) {
    MemoryGraph g = openGraph(location);
    try {
      g.search(query.query());
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
    return g;
  }

  @Override
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("provider", provider.name());
    out.put("provider_class", provider.getClass().getName());
    if (graph == null) {
      return out;
    }
    out.put("backend_name", graph.backend().backendName());
    for (String q : describeQueries) {
      try {
        List<Map<String, Object>> rows = graph.executeQuery(q, Map.of(), true);
        if (!rows.isEmpty() && !rows.get(0).isEmpty()) {
          out.put(q.replace("PRAGMA ", "").replace("SELECT ", "").replace("()", ""),
              String.valueOf(rows.get(0).values().iterator().next()));
        }
      } catch (RuntimeException e) {
        out.put(q, "unavailable: " + e.getClass().getSimpleName());
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (graph != null) {
      try {
        graph.close();
      } finally {
        graph = null;
      }
    }
  }
}
