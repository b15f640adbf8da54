package dev.memorygraph.neo4j;

import dev.memorygraph.model.Capabilities;
import dev.memorygraph.model.Capability;
import dev.memorygraph.model.Direction;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.RelationshipType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Neo4j 5's Cypher: named schema with {@code IF NOT EXISTS}, a Lucene full-text index with the
 * English analyzer, {@code shortestPath}, {@code dbms.components()}.
 */
public final class Neo4jDialect implements CypherDialect {
  /** The full-text index over title, content, summary and tags. */
  public static final String FULLTEXT_INDEX = "memory_search";
  /** The keyword index over the ids of relationships of every type. */
  public static final String RELATIONSHIP_ID_INDEX = "relationship_id";

  /** The stop words of Lucene's English analyzer (neither indexed nor searched). */
  static final Set<String> ENGLISH_STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "but", "by",
      "for", "if", "in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their",
      "then", "there", "these", "they", "this", "to", "was", "will", "with");

  /** The characters Lucene's query parser treats as syntax. */
  private static final String LUCENE_SPECIAL = "\\+-!():^[]\"{}~*?|&/";

  /** Creates the dialect (stateless). */
  public Neo4jDialect() {}

  @Override
  public String name() {
    return "neo4j";
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.allExcept(Map.of(Capability.SYNC,
        "Neo4j is a server; clients read and write it directly, there is no local replica to synchronise"));
  }

  @Override
  public boolean supportsDatabaseNames() {
    return true;
  }

  @Override
  public Map<String, String> schemaStatements() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("memory_id_unique", "CREATE CONSTRAINT memory_id_unique IF NOT EXISTS FOR (m:Memory) REQUIRE m.id IS UNIQUE");
    // Makes MERGE of a cycle-check lock node safe under concurrency (and backs its lookup).
    s.put("memorygraph_lock_name", "CREATE CONSTRAINT memorygraph_lock_name IF NOT EXISTS FOR (l:" + LOCK_LABEL
        + ") REQUIRE l.name IS UNIQUE");
    for (String p : List.of("type", "importance", "confidence", "created_at", "updated_at", "project_path")) {
      s.put("memory_" + p, "CREATE RANGE INDEX memory_" + p + " IF NOT EXISTS FOR (m:Memory) ON (m." + p + ")");
    }
    // Relationship property indexes are per type in Neo4j: one per type serves the typed
    // matches of update, invalidate and delete once the type is known.
    for (RelationshipType t : RelationshipType.values()) {
      String name = "rel_id_" + t.name().toLowerCase(Locale.ROOT);
      s.put(name, "CREATE RANGE INDEX " + name + " IF NOT EXISTS FOR ()-[r:" + t.name() + "]-() ON (r.id)");
    }
    // Finding a relationship by id alone needs one index over every type. A UNION of 35 typed
    // seeks was measured to take 3-16 s to plan (and is re-planned as statistics change); a
    // full-text index spans many types, and its keyword analyzer keeps each id one exact term.
    s.put(RELATIONSHIP_ID_INDEX, "CREATE FULLTEXT INDEX " + RELATIONSHIP_ID_INDEX + " IF NOT EXISTS FOR ()-[r:"
        + Stream.of(RelationshipType.values()).map(Enum::name).collect(Collectors.joining("|")) + "]-() ON EACH [r.id] "
        + "OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword', `fulltext.eventually_consistent`: false}}");
    s.put(FULLTEXT_INDEX, "CREATE FULLTEXT INDEX " + FULLTEXT_INDEX + " IF NOT EXISTS FOR (m:Memory) "
        + "ON EACH [m.search_title, m.search_content, m.search_summary, m.search_tags] "
        + "OPTIONS {indexConfig: {`fulltext.analyzer`: 'english', `fulltext.eventually_consistent`: false}}");
    return s;
  }

  @Override
  public Map<String, Object> searchProperties(Memory m) {
    Map<String, Object> p = new java.util.HashMap<>();
    p.put("search_title", CypherDialect.words(m.title()));
    p.put("search_content", CypherDialect.words(m.content()));
    p.put("search_summary", m.summary() == null ? null : CypherDialect.words(m.summary()));
    p.put("search_tags", CypherDialect.words(String.join(" ", m.tags())));
    return p;
  }

  @Override
  public String existingSchemaQuery() {
    // A uniqueness constraint's backing index carries the constraint's name.
    return "SHOW INDEXES YIELD name RETURN name";
  }

  @Override
  public String relationshipByIdQuery() {
    return "CALL db.index.fulltext.queryRelationships('" + RELATIONSHIP_ID_INDEX + "', $idQuery) "
        + "YIELD relationship AS rel WITH rel WHERE rel.id = $id "
        + "RETURN rel, startNode(rel).id AS from, endNode(rel).id AS to";
  }

  @Override
  public String existingRelationshipIdsQuery() {
    return "UNWIND $keys AS k CALL db.index.fulltext.queryRelationships('" + RELATIONSHIP_ID_INDEX + "', k.q) "
        + "YIELD relationship AS rel WITH k, rel WHERE rel.id = k.id RETURN rel.id AS id";
  }

  @Override
  public Map<String, Object> relationshipIdsParameters(List<String> ids) {
    return Map.of("keys", ids.stream().map(id -> Map.of("id", id, "q", escapeLucene(id))).collect(Collectors.toList()));
  }

  @Override
  public Map<String, Object> relationshipIdParameters(String id) {
    return Map.of("id", id, "idQuery", escapeLucene(id));
  }

  @Override
  public String awaitIndexesStatement() {
    return "CALL db.awaitIndexes(300)";
  }

  @Override
  public String textSearch(List<String> terms, String filter) {
    if (ENGLISH_STOP_WORDS.containsAll(terms)) {
      // The English analyzer drops stop words from index and query alike, so a query made only
      // of them would be empty: match those words in the stored word form instead (unranked).
      return "MATCH (m:Memory) WHERE all(t IN $text WHERE (' ' + toLower(m.search_title + ' ' + m.search_content + ' ' "
          + "+ coalesce(m.search_summary, '') + ' ' + m.search_tags) + ' ') CONTAINS (' ' + t + ' '))"
          + (filter == null ? " " : " AND " + filter + " ") + "WITH m, 0.0 AS score ";
    }
    return "CALL db.index.fulltext.queryNodes('" + FULLTEXT_INDEX + "', $text) YIELD node AS m, score "
        + (filter == null ? "" : "WHERE " + filter + " ") + "WITH m, score ";
  }

  @Override
  public Object textParameter(List<String> terms) {
    if (ENGLISH_STOP_WORDS.containsAll(terms)) {
      return terms;
    }
    // Every word is required (+) because Lucene's default operator is OR; each is escaped even
    // though SearchQuery.terms() only yields letters and digits, so no input can reach the syntax.
    return terms.stream().map(t -> "+" + escapeLucene(t)).collect(Collectors.joining(" "));
  }

  /** Escapes every character Lucene's classic query parser treats as syntax, and whitespace. */
  public static String escapeLucene(String term) {
    StringBuilder b = new StringBuilder(term.length() + 8);
    for (int i = 0; i < term.length(); i++) {
      char c = term.charAt(i);
      if (LUCENE_SPECIAL.indexOf(c) >= 0 || Character.isWhitespace(c)) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  @Override
  public String shortestPath(String typeAlternation, Direction direction, int maxDepth, String edgePredicate) {
    String hops = maxDepth > 0 ? "*1.." + maxDepth : "*";
    return "MATCH p = shortestPath((a)" + CypherDialect.edge(typeAlternation + hops, direction) + "(b)) "
        + "WHERE all(x IN relationships(p) WHERE " + edgePredicate + ") ";
  }

  /**
   * {@code length(p)}: with {@code min(length(p))} Neo4j plans a pruning breadth-first expand;
   * {@code min(size(relationships(p)))} was measured to enumerate every path instead (5 s against
   * 67 ms at depth 10 on a 300-memory, 600-edge graph).
   */
  @Override
  public String pathLength(String p) {
    return "length(" + p + ")";
  }

  @Override
  public String serverInfoQuery() {
    return "CALL dbms.components() YIELD name, versions, edition "
        + "WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition";
  }
}
