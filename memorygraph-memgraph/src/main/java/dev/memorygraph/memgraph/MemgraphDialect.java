package dev.memorygraph.memgraph;

import dev.memorygraph.model.Capabilities;
import dev.memorygraph.model.Capability;
import dev.memorygraph.model.Direction;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.neo4j.CypherDialect;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * Memgraph's Cypher: {@code CREATE INDEX ON :Label(prop)}, {@code ASSERT ... IS UNIQUE}
 * constraints, {@code *BFS} shortest paths with filter lambdas, {@code SHOW VERSION}, no database
 * names, and no full-text index by default.
 *
 * <p>Text search: Memgraph's own text search is an experimental feature that must be switched on
 * at server start ({@code --experimental-enabled=text-search}), so it cannot be relied on. Each
 * memory therefore carries {@code search_all}: its words (the same cut as
 * {@link dev.memorygraph.model.SearchQuery#terms()}), lower-cased in Java with the root locale,
 * space-delimited; a query matches when every term occurs as a whole word. Case folding is
 * Unicode-correct (Java does it on both sides); there is no stemming and no relevance score.
 */
public final class MemgraphDialect implements CypherDialect {

  /** Creates the dialect (stateless). */
  public MemgraphDialect() {}

  @Override
  public String name() {
    return "memgraph";
  }

  @Override
  public Capabilities capabilities() {
    Map<Capability, String> missing = new EnumMap<>(Capability.class);
    missing.put(Capability.FULLTEXT_SEARCH, "Memgraph's text search is experimental and off unless the server starts "
        + "with --experimental-enabled=text-search; search scans each memory's stored word list instead");
    missing.put(Capability.RELEVANCE_RANKING, "no full-text index, so no relevance score: text matches are ordered by id");
    missing.put(Capability.STEMMING, "no full-text analyzer: only whole words match (retry does not find retries)");
    missing.put(Capability.SYNC, "Memgraph is a server; clients use it directly, there is no local replica");
    return Capabilities.allExcept(missing);
  }

  @Override
  public boolean supportsDatabaseNames() {
    return false;
  }

  @Override
  public Map<String, String> schemaStatements() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("memory_id", "CREATE INDEX ON :Memory(id)");
    s.put("memory_id_unique", "CREATE CONSTRAINT ON (m:Memory) ASSERT m.id IS UNIQUE");
    // The cycle-check lock nodes: the index serves their MERGE (a constraint alone is no index
    // in Memgraph), the constraint refuses a second node of one name.
    s.put("memorygraph_lock_name", "CREATE INDEX ON :" + LOCK_LABEL + "(name)");
    s.put("memorygraph_lock_name_unique", "CREATE CONSTRAINT ON (l:" + LOCK_LABEL + ") ASSERT l.name IS UNIQUE");
    for (String p : List.of("type", "importance", "confidence", "created_at", "updated_at", "project_path")) {
      s.put("memory_" + p, "CREATE INDEX ON :Memory(" + p + ")");
    }
    for (RelationshipType t : RelationshipType.values()) {
      s.put("rel_id_" + t.name().toLowerCase(Locale.ROOT), "CREATE EDGE INDEX ON :" + t.name() + "(id)");
    }
    return s;
  }

  @Override
  public boolean isAlreadyExists(Neo4jException e) {
    String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    return m.contains("already exists");
  }

  /** Edge-type property indexes arrived in later Memgraph versions; without them lookups scan. */
  @Override
  public boolean isOptionalSchemaStatement(String statement) {
    return statement.startsWith("CREATE EDGE INDEX");
  }

  @Override
  public String awaitIndexesStatement() {
    return null;
  }

  @Override
  public Map<String, Object> searchProperties(Memory m) {
    String all = CypherDialect.words(m.title() + " " + m.content() + " " + (m.summary() == null ? "" : m.summary())
        + " " + String.join(" ", m.tags()));
    Map<String, Object> p = new java.util.HashMap<>();
    p.put("search_all", " " + all.toLowerCase(Locale.ROOT) + " ");
    return p;
  }

  @Override
  public String textSearch(List<String> terms, String filter) {
    return "MATCH (m:Memory) WHERE all(t IN $text WHERE m.search_all CONTAINS (' ' + t + ' '))"
        + (filter == null ? " " : " AND " + filter + " ") + "WITH m, 0.0 AS score ";
  }

  @Override
  public Object textParameter(List<String> terms) {
    return terms;
  }

  @Override
  public String shortestPath(String typeAlternation, Direction direction, int maxDepth, String edgePredicate) {
    String inner = typeAlternation + " *BFS" + (maxDepth > 0 ? " .." + maxDepth : "") + " (x, n | " + edgePredicate + ")";
    return "MATCH p = (a)" + CypherDialect.edge(inner, direction) + "(b) ";
  }

  @Override
  public String serverInfoQuery() {
    return "SHOW VERSION";
  }
}
