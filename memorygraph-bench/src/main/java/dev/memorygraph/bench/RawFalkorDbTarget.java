package dev.memorygraph.bench;

import com.falkordb.Driver;
import com.falkordb.FalkorDB;
import com.falkordb.Graph;
import com.falkordb.Record;
import com.falkordb.ResultSet;
import dev.memorygraph.falkordb.FalkorDbRows;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.spi.Instants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The raw FalkorDB baseline: jfalkordb's {@code graph.query}/{@code readOnlyQuery} running the
 * query TEXT that memorygraph-falkordb's {@code FalkorDbBackend} sends, with the same parameters.
 * The shape of each query is written out here from reading that backend (so that a change there
 * shows up as a difference in the figures); the parameter rows, the property lists inside the
 * queries and the full-text parameter come from the backend's own encoding, {@link FalkorDbRows}.
 * Every returned value is touched; no library object is built.
 */
public final class RawFalkorDbTarget implements RawServerTarget {
  /** The backend's default query timeout, passed on each query as the backend does. */
  private static final long TIMEOUT_MS = 30_000;

  /** Mirrors FalkorDbBackend.MEMORY_UPSERT (used by doStoreMemory, i.e. MemoryGraph.store). */
  static final String MEMORY_UPSERT = "UNWIND $rows AS r "
      + "MERGE (n:Memory {id: r[0]}) "
      + "ON CREATE SET n.created_at = r[10], n.updated_at = r[11], n.version = r[13] "
      + "ON MATCH SET n.version = n.version + 1, "
      + "n.updated_at = CASE WHEN $now < n.created_at THEN n.created_at ELSE $now END "
      + "SET " + FalkorDbRows.memoryAssignments("n", "r") + " "
      + "RETURN " + FalkorDbRows.memoryProjection("n");

  /** Mirrors FalkorDbBackend.doGetMemory (MemoryGraph.get). */
  static final String GET = "MATCH (n:Memory {id: $id}) RETURN " + FalkorDbRows.memoryProjection("n");

  /** Mirrors the existence check at the start of FalkorDbBackend.doGetRelatedMemories. */
  static final String EXISTS = "MATCH (n:Memory {id: $id}) RETURN 1";

  /** Mirrors FalkorDbBackend.expand for direction BOTH, no types, current edges, with memories. */
  static final String EXPAND = "MATCH (p:Memory) WHERE p.id IN $frontier MATCH (p)-[r]-(m:Memory)"
      + " WHERE r.valid_until IS NULL AND NOT m.id IN $visited"
      + " RETURN p.id, " + FalkorDbRows.relationshipProjection("r") + ", m.id, "
      + FalkorDbRows.memoryProjection("m");

  private final String host;
  private final int port;
  private final String graphName;
  private Driver driver;
  private Graph graph;

  /** A raw target on a graph of the server at host:port (connects at once). */
  public RawFalkorDbTarget(String host, int port, String graphName) {
    this.host = host;
    this.port = port;
    this.graphName = graphName;
    driver = FalkorDB.driver(host, port);
    graph = driver.graph(graphName);
  }

  @Override
  public void storeOne(Memory memory) {
    Map<String, Object> p = new HashMap<>();
    p.put("rows", List.of(FalkorDbRows.memoryRow(memory)));
    p.put("now", Instants.toMicros(java.time.Instant.now()));
    int n = touch(graph.query(MEMORY_UPSERT, p, TIMEOUT_MS));
    if (n != 1) {
      throw new IllegalStateException("raw falkordb: store returned " + n + " rows");
    }
  }

  @Override
  public boolean get(String id) {
    return touch(graph.readOnlyQuery(GET, Map.of("id", id), TIMEOUT_MS)) > 0;
  }

  /** Mirrors FalkorDbBackend.doSearchMemories for the filters the corpus uses (text, types, tags). */
  @Override
  public int search(Corpus.Query query) {
    SearchQuery q = query.query();
    Map<String, Object> p = new HashMap<>();
    List<String> where = new ArrayList<>();
    if (!q.types().isEmpty()) {
      where.add("n.type IN $types");
      p.put("types", q.types().stream().map(MemoryType::id).toList());
    }
    if (!q.tags().isEmpty()) {
      where.add("any(t IN n.tags WHERE t IN $tags)");
      p.put("tags", new ArrayList<>(q.tags()));
    }
    String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
    p.put("offset", q.offset());
    p.put("end", (long) q.offset() + q.limit());
    String head;
    if (q.hasText()) {
      p.put("q", FalkorDbRows.fulltextQuery(q.terms()));
      head = "CALL db.idx.fulltext.queryNodes('Memory', $q) YIELD node, score "
          + "WITH node AS n, score" + filter + " WITH n, score ORDER BY score DESC, n.id ASC";
    } else {
      head = "MATCH (n:Memory)" + filter + " WITH n ORDER BY n.importance DESC, n.created_at DESC, n.id ASC";
    }
    String cypher = head + " WITH collect(n) AS ns RETURN size(ns), [x IN ns[$offset..$end] | "
        + FalkorDbRows.memoryProjection("x") + "]";
    int n = 0;
    for (Record r : graph.readOnlyQuery(cypher, p, TIMEOUT_MS)) {
      for (Object o : (List<?>) r.getValue(1)) {
        touch((List<?>) o);
        n++;
      }
    }
    return n;
  }

  /**
   * Mirrors FalkorDbBackend.doGetRelatedMemories (MemoryGraph.related): an existence check, then
   * one expansion query per level, keeping per reached memory the step with the smallest previous
   * id, then edge id.
   */
  @Override
  public int traverse(String start, int depth, int limit) {
    if (touch(graph.readOnlyQuery(EXISTS, Map.of("id", start), TIMEOUT_MS)) == 0) {
      return 0;
    }
    Set<String> visited = new HashSet<>(List.of(start));
    List<String> frontier = List.of(start);
    int out = 0;
    for (int d = 1; d <= depth && !frontier.isEmpty() && out < limit; d++) {
      Map<String, Object> p = new HashMap<>();
      p.put("frontier", new ArrayList<>(frontier));
      p.put("visited", new ArrayList<>(visited));
      TreeMap<String, Object[]> best = new TreeMap<>();
      for (Record r : graph.readOnlyQuery(EXPAND, p, TIMEOUT_MS)) {
        String previous = (String) r.getValue(0);
        List<?> edge = (List<?>) r.getValue(1);
        String reached = (String) r.getValue(2);
        touch(edge);
        touch((List<?>) r.getValue(3));
        Object[] step = {previous, (String) edge.get(3)};
        best.merge(reached, step, (a, b) -> {
          int c = ((String) a[0]).compareTo((String) b[0]);
          if (c == 0) {
            c = ((String) a[1]).compareTo((String) b[1]);
          }
          return c <= 0 ? a : b;
        });
      }
      List<String> next = new ArrayList<>();
      for (String reached : best.keySet()) {
        if (out >= limit) {
          break;
        }
        out++;
        visited.add(reached);
        next.add(reached);
      }
      frontier = next;
    }
    return out;
  }

  /** Reads every value of every record (so that lazy decoding is paid); the record count. */
  private static int touch(ResultSet rs) {
    int n = 0;
    for (Record r : rs) {
      for (Object v : r.values()) {
        if (v instanceof List<?> l) {
          touch(l);
        }
      }
      n++;
    }
    return n;
  }

  private static int touch(List<?> values) {
    int h = 0;
    for (Object v : values) {
      h += v == null ? 0 : 1;
    }
    return h;
  }

  @Override
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("driver", "jfalkordb graph.query / graph.readOnlyQuery");
    out.put("server", host + ":" + port);
    out.put("graph", graphName);
    return out;
  }

  @Override
  public void close() {
    if (driver != null) {
      try {
        driver.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        driver = null;
        graph = null;
      }
    }
  }
}
