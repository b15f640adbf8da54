package dev.memorygraph.sqlite.store;

import dev.memorygraph.model.Direction;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.AsUndirectedGraph;
import org.jgrapht.graph.DirectedPseudograph;
import org.jgrapht.graph.EdgeReversedGraph;

/**
 * A breadth-first walk over a JGraphT graph that is loaded from SQL level by level: one
 * {@link NeighbourSql#edges} query per level (per 500 frontier memories), never the whole
 * graph. The edge rows are kept while walking, and only the edges that end up in a result are
 * mapped to relationships ({@link #relationshipsOf}).
 *
 * <p>Each memory is reached once, at its smallest depth; when several edges reach it from the
 * previous level, the one with the smallest relationship id is reported. Paths are found by
 * JGraphT's BFS shortest path over the loaded subgraph (an undirected view for
 * {@link Direction#BOTH}, a reversed view for {@link Direction#INCOMING}).
 */
public final class Traversal {
  private final SqlSession session;
  private final String start;
  private final Direction direction;
  private final Set<RelationshipType> types;
  private final Instant asOf;
  private final Graph<String, Edge> graph = new DirectedPseudograph<>(null, null, false);
  private final Map<String, Reached> reached = new HashMap<>();
  private final Map<String, Row> rows = new HashMap<>();

  /**
   * A loaded edge: its id and endpoints (the JGraphT edge object; equal by id).
   *
   * @param id the relationship id
   * @param fromId the source memory
   * @param toId the target memory
   */
  public record Edge(String id, String fromId, String toId) {}

  /** One memory reached: its id, its depth and the edge that reached it. */
  public record Reached(String id, int depth, Edge via) {}

  /** The vertices and edges of a path, start first. */
  public record PathSteps(List<String> vertices, List<Edge> edges) {}

  /**
   * Prepares a walk.
   *
   * @param session where the level queries run (one snapshot)
   * @param start the start memory's id
   * @param direction which edges to follow
   * @param types only these types (empty = all)
   * @param asOf edges valid then, or null for current edges
   */
  public Traversal(SqlSession session, String start, Direction direction, Set<RelationshipType> types, Instant asOf) {
    this.session = session;
    this.start = start;
    this.direction = direction;
    this.types = types;
    this.asOf = asOf;
    graph.addVertex(start);
  }

  /**
   * Expands level by level up to {@code maxDepth}, stopping early once {@code limit} memories are
   * reached (deeper ones could not make the cut) or {@code target} is reached.
   */
  public void expand(int maxDepth, int limit, String target) {
    List<String> frontier = List.of(start);
    for (int depth = 1; depth <= maxDepth && !frontier.isEmpty(); depth++) {
      List<Edge> edges = new ArrayList<>();
      for (List<String> chunk : SqlGraphStore.chunks(frontier)) {
        // Full rows: the table row is read anyway (validity filter), and keeping it spares a
        // second lookup by id (primary key index, then table) for every edge in the result.
        for (Row r : session.query(NeighbourSql.edges(chunk, direction, types, asOf))) {
          Edge e = new Edge(r.getString(0), r.getString(1), r.getString(2));
          edges.add(e);
          rows.putIfAbsent(e.id(), r);
        }
      }
      edges.sort(Comparator.comparing(Edge::id));
      for (Edge e : edges) {
        graph.addVertex(e.fromId());
        graph.addVertex(e.toId());
        graph.addEdge(e.fromId(), e.toId(), e);
      }
      TreeMap<String, Edge> next = new TreeMap<>();
      for (String u : frontier) {
        if (direction != Direction.INCOMING) {
          for (Edge e : graph.outgoingEdgesOf(u)) {
            offer(next, e.toId(), e);
          }
        }
        if (direction != Direction.OUTGOING) {
          for (Edge e : graph.incomingEdgesOf(u)) {
            offer(next, e.fromId(), e);
          }
        }
      }
      for (Map.Entry<String, Edge> e : next.entrySet()) {
        reached.put(e.getKey(), new Reached(e.getKey(), depth, e.getValue()));
      }
      if (reached.size() >= limit || (target != null && reached.containsKey(target))) {
        return;
      }
      frontier = new ArrayList<>(next.keySet());
    }
  }

  private void offer(TreeMap<String, Edge> next, String v, Edge e) {
    if (v.equals(start) || reached.containsKey(v)) {
      return;
    }
    Edge have = next.get(v);
    if (have == null || e.id().compareTo(have.id()) < 0) {
      next.put(v, e);
    }
  }

  /** The reached memories by depth then id, at most {@code limit}. */
  public List<Reached> reached(int limit) {
    List<Reached> out = new ArrayList<>(reached.values());
    out.sort(Comparator.comparingInt(Reached::depth).thenComparing(Reached::id));
    return out.size() > limit ? out.subList(0, limit) : out;
  }

  /** A shortest path from the start to {@code target} over the loaded subgraph. */
  public Optional<PathSteps> shortestPath(String target) {
    if (!graph.containsVertex(target)) {
      return Optional.empty();
    }
    Graph<String, Edge> view;
    switch (direction) {
      case OUTGOING: view = graph; break;
      case INCOMING: view = new EdgeReversedGraph<>(graph); break;
      default: view = new AsUndirectedGraph<>(graph);
    }
    GraphPath<String, Edge> p = BFSShortestPath.findPathBetween(view, start, target);
    if (p == null) {
      return Optional.empty();
    }
    return Optional.of(new PathSteps(p.getVertexList(), p.getEdgeList()));
  }

  /**
   * The relationships of edges loaded by this walk, by id, mapped from the rows read while
   * walking; edges it did not load are read with {@link #relationships(SqlSession, Collection)}.
   */
  public Map<String, Relationship> relationshipsOf(Collection<Edge> edges) {
    Map<String, Relationship> out = new HashMap<>();
    List<Edge> missing = new ArrayList<>();
    for (Edge e : edges) {
      Row r = rows.get(e.id());
      if (r == null) {
        missing.add(e);
      } else if (!out.containsKey(e.id())) {
        out.put(e.id(), Mappers.relationship(r));
      }
    }
    if (!missing.isEmpty()) {
      out.putAll(relationships(session, missing));
    }
    return out;
  }

  /** The full rows of the given edges, by id, in one query per 500. */
  public static Map<String, Relationship> relationships(SqlSession s, Collection<Edge> edges) {
    Set<String> ids = new LinkedHashSet<>();
    for (Edge e : edges) {
      ids.add(e.id());
    }
    Map<String, Relationship> out = new HashMap<>();
    for (List<String> chunk : SqlGraphStore.chunks(new ArrayList<>(ids))) {
      List<Object> args = NeighbourSql.padded(chunk);
      for (Row r : s.query(new SqlStatement("SELECT " + Mappers.RELATIONSHIP_COLUMNS
          + " FROM relationships WHERE id IN (" + SearchSql.marks(args.size()) + ")", args))) {
        Relationship rel = Mappers.relationship(r);
        out.put(rel.id(), rel);
      }
    }
    return out;
  }

  /** The loaded subgraph (read-only use). */
  public Graph<String, Edge> graph() {
    return graph;
  }
}
