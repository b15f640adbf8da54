package dev.memorygraph.bench;

import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.neo4j.CypherRows;
import dev.memorygraph.neo4j.Neo4jDialect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Value;

/**
 * The raw Neo4j baseline: neo4j-java-driver sessions running, in one managed transaction per
 * operation as the backend does, the query TEXT that memorygraph-neo4j's {@code CypherBackend} with
 * {@code Neo4jDialect} sends (written out here from reading them), with the same parameters: the
 * node properties and the text parameter come from the backend's own encoding
 * ({@link CypherRows}, {@link Neo4jDialect#textParameter}). Every returned node is read as a map;
 * no library object is built.
 *
 * <p>Library and raw side share the one database of a community server, so the raw side stores
 * its copies under a prefixed id and deletes them after the store operation ({@link #afterStores}).
 */
final class RawNeo4jTarget implements RawServerTarget {
  private static final String COPY_PREFIX = "raw-copy:";
  /** Neo4jDialect's English stop words: they choose the form of the search query, as there. */
  private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "but",
      "by", "for", "if", "in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the",
      "their", "then", "there", "these", "they", "this", "to", "was", "will", "with");
  /** The dialect whose parameters the backend sends (node search properties, text parameter). */
  private static final Neo4jDialect DIALECT = new Neo4jDialect();

  /** Mirrors CypherBackend.upsert's first statement (MemoryGraph.store). */
  static final String LOCK = "UNWIND $ids AS id MERGE (m:Memory {id: id}) ON CREATE SET m.__new = true "
      + "SET m.__lock = true RETURN m";
  /** Mirrors CypherBackend.upsert's second statement. */
  static final String WRITE = "UNWIND $rows AS row MATCH (m:Memory {id: row.id}) SET m = row";
  /** Mirrors CypherBackend.getMemory (MemoryGraph.get). */
  static final String GET = "MATCH (m:Memory {id: $id}) RETURN m";
  /** Mirrors CypherBackend.getRelatedMemories' reach query for depth 2, both directions, current edges. */
  static final String REACH = "MATCH (s:Memory {id: $id}) "
      + "MATCH p = (s)-[*1..2]-(m:Memory) "
      + "WHERE m.id <> $id AND all(x IN relationships(p) WHERE x.valid_until IS NULL) "
      + "WITH m, min(length(p)) AS d "
      + "ORDER BY d ASC, m.id ASC LIMIT $limit RETURN m, d";
  /** Mirrors CypherBackend.getRelatedMemories' edge query. */
  static final String EDGES = "MATCH (a:Memory)-[x]->(b:Memory) "
      + "WHERE a.id IN $ids AND b.id IN $ids AND x.valid_until IS NULL "
      + "RETURN x AS rel, a.id AS from, b.id AS to";

  private final Driver driver;

  RawNeo4jTarget(String boltUri) {
    driver = GraphDatabase.driver(boltUri, AuthTokens.none());
    driver.verifyConnectivity();
  }

  private Session session(boolean write) {
    return driver.session(SessionConfig.builder()
        .withDefaultAccessMode(write ? AccessMode.WRITE : AccessMode.READ).build());
  }

  /** The node properties the backend writes for a memory, stored under {@code id}. */
  static Map<String, Object> properties(Memory m, String id) {
    Map<String, Object> p = CypherRows.memoryProperties(m, DIALECT);
    p.put("id", id);
    return p;
  }

  @Override
  public void storeOne(Memory memory) {
    String id = COPY_PREFIX + memory.id();
    try (Session s = session(true)) {
      s.executeWrite(tx -> {
        for (Record r : tx.run(LOCK, Map.of("ids", List.of(id))).list()) {
          r.get("m").asNode().asMap();
        }
        tx.run(WRITE, Map.of("rows", List.of(properties(memory, id)))).consume();
        return null;
      });
    }
  }

  @Override
  public void afterStores() {
    try (Session s = session(true)) {
      s.executeWrite(tx -> tx.run("MATCH (m:Memory) WHERE m.id STARTS WITH $p DETACH DELETE m",
          Map.of("p", COPY_PREFIX)).consume());
    }
  }

  @Override
  public boolean get(String id) {
    try (Session s = session(false)) {
      return s.executeRead(tx -> {
        List<Record> rs = tx.run(GET, Map.of("id", id)).list();
        rs.forEach(r -> r.get("m").asNode().asMap());
        return !rs.isEmpty();
      });
    }
  }

  /** Mirrors CypherBackend.searchMemories + Neo4jDialect.textSearch for text, types and tags. */
  @Override
  public int search(Corpus.Query query) {
    SearchQuery q = query.query();
    Map<String, Object> p = new HashMap<>();
    List<String> preds = new ArrayList<>();
    if (!q.types().isEmpty()) {
      preds.add("m.type IN $types");
      p.put("types", q.types().stream().map(MemoryType::id).toList());
    }
    if (!q.tags().isEmpty()) {
      preds.add("any(tag IN m.tags WHERE tag IN $tags)");
      p.put("tags", new ArrayList<>(q.tags()));
    }
    String filter = preds.isEmpty() ? null : String.join(" AND ", preds);
    if (q.hasText()) {
      p.put("text", DIALECT.textParameter(q.terms()));
    }
    String source;
    if (q.hasText() && !STOP_WORDS.containsAll(q.terms())) {
      source = "CALL db.index.fulltext.queryNodes('memory_search', $text) YIELD node AS m, score "
          + (filter == null ? "" : "WHERE " + filter + " ") + "WITH m, score ";
    } else if (q.hasText()) {
      source = "MATCH (m:Memory) WHERE all(t IN $text WHERE (' ' + toLower(m.search_title + ' ' + m.search_content + ' ' "
          + "+ coalesce(m.search_summary, '') + ' ' + m.search_tags) + ' ') CONTAINS (' ' + t + ' '))"
          + (filter == null ? " " : " AND " + filter + " ") + "WITH m, 0.0 AS score ";
    } else {
      source = "MATCH (m:Memory) " + (filter == null ? "" : "WHERE " + filter + " ") + "WITH m, 0.0 AS score ";
    }
    String order = q.hasText() ? "score DESC, m.id ASC" : "m.importance DESC, m.created_at DESC, m.id ASC";
    p.put("offset", (long) q.offset());
    p.put("limit", (long) q.limit());
    String count = source + "RETURN count(m) AS total";
    String page = source + "WITH m, score ORDER BY " + order + " SKIP $offset LIMIT $limit RETURN m";
    try (Session s = session(false)) {
      return s.executeRead(tx -> {
        tx.run(count, p).single().get("total").asLong();
        List<Record> rs = tx.run(page, p).list();
        rs.forEach(r -> r.get("m").asNode().asMap());
        return rs.size();
      });
    }
  }

  /** Mirrors CypherBackend.getRelatedMemories (MemoryGraph.related), depth 2 only. */
  @Override
  public int traverse(String start, int depth, int limit) {
    if (depth != 2) {
      throw new IllegalArgumentException("the raw Neo4j traversal mirrors depth 2 only");
    }
    try (Session s = session(false)) {
      return s.executeRead(tx -> {
        List<Record> rows = tx.run(REACH, Map.of("id", start, "limit", (long) limit)).list();
        if (rows.isEmpty()) {
          return 0;
        }
        Map<String, Integer> depthOf = new HashMap<>();
        depthOf.put(start, 0);
        List<String> reached = new ArrayList<>();
        for (Record r : rows) {
          Map<String, Object> m = r.get("m").asNode().asMap();
          String id = (String) m.get("id");
          reached.add(id);
          depthOf.put(id, r.get("d").asInt());
        }
        Map<String, String> best = new HashMap<>();
        for (Record r : tx.run(EDGES, Map.of("id", start, "limit", (long) limit,
            "ids", new ArrayList<>(depthOf.keySet()))).list()) {
          Value rel = r.get("rel");
          String relId = rel.asRelationship().asMap().get("id").toString();
          String from = r.get("from").asString();
          String to = r.get("to").asString();
          consider(best, depthOf, relId, to, from);
          consider(best, depthOf, relId, from, to);
        }
        int n = 0;
        for (String id : reached) {
          if (best.containsKey(id)) {
            n++;
          }
        }
        return n;
      });
    }
  }

  private static void consider(Map<String, String> best, Map<String, Integer> depthOf, String relId,
      String target, String previous) {
    Integer dt = depthOf.get(target);
    Integer dp = depthOf.get(previous);
    if (dt == null || dp == null || dt == 0 || dp != dt - 1) {
      return;
    }
    String current = best.get(target);
    if (current == null || relId.compareTo(current) < 0) {
      best.put(target, relId);
    }
  }

  @Override
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("driver", "neo4j-java-driver Session.executeWrite/executeRead + tx.run");
    try (Session s = session(false)) {
      Record r = s.run("CALL dbms.components() YIELD name, versions, edition "
          + "WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition").single();
      out.put("server", "Neo4j " + r.get("version").asString() + " " + r.get("edition").asString());
    }
    return out;
  }

  @Override
  public void close() {
    driver.close();
  }
}
