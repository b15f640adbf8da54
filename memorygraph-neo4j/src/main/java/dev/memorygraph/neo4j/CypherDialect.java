package dev.memorygraph.neo4j;

import dev.memorygraph.model.Capabilities;
import dev.memorygraph.model.Direction;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * The parts of Cypher that differ between graph databases speaking Bolt (schema statements,
 * full-text search, shortest paths, health queries). {@link CypherBackend} holds everything
 * else and asks its dialect for these pieces.
 *
 * <p>Every method returns query TEXT built only from constants, enum names and clamped integers;
 * user values always travel as parameters.
 */
public interface CypherDialect {

  /**
   * The label of the nodes whose write lock serialises the cycle checks of one relationship type
   * (property {@code name}, unique). They are not memories: every memory query matches
   * {@code :Memory}, so they never appear in results, counts or exports. A dialect's
   * {@link #schemaStatements()} must make {@code name} unique (and indexed) for this label.
   */
  String LOCK_LABEL = "MemorygraphLock";

  /** The backend name, as used in {@code MEMORY_BACKEND}. */
  String name();

  /** What the database can do through this dialect, with reasons for what it cannot. */
  Capabilities capabilities();

  /** Whether sessions may name a database (Neo4j yes, Memgraph no). */
  boolean supportsDatabaseNames();

  /**
   * Schema statements by the name of what they create, run one per transaction by
   * {@code initializeSchema()}, in order, skipping names {@link #existingSchemaQuery()} reports.
   * They must be idempotent, or fail in a way {@link #isAlreadyExists} recognises.
   */
  Map<String, String> schemaStatements();

  /** A query whose {@code name} column lists the schema objects that exist, or null. */
  default String existingSchemaQuery() {
    return null;
  }

  /** Whether a schema statement failed only because what it creates exists already. */
  default boolean isAlreadyExists(Neo4jException e) {
    return false;
  }

  /** Whether a failed schema statement may be skipped (an optional index the server lacks). */
  default boolean isOptionalSchemaStatement(String statement) {
    return false;
  }

  /** A statement that waits until every index is online, run after the schema statements; or null. */
  String awaitIndexesStatement();

  /**
   * The start of a text search: a clause that binds {@code m} (a memory) and {@code score} (a
   * number, higher is better) for every memory matching all {@code terms} (the value of the
   * {@code $text} parameter, see {@link #textParameter}), restricted by {@code filter} (a
   * predicate over {@code m}, or null), ending with {@code WITH m, score}. The terms only choose
   * the form of the clause; they never appear in it.
   */
  String textSearch(List<String> terms, String filter);

  /**
   * The value of the {@code $text} parameter for these words (already lower-cased letters and
   * digits, from {@link dev.memorygraph.model.SearchQuery#terms()}).
   */
  Object textParameter(List<String> terms);

  /**
   * A {@code MATCH} clause binding path {@code p} to a shortest path between the bound nodes
   * {@code a} and {@code b}, following edges of {@code types} in {@code direction}, at most
   * {@code maxDepth} edges long (or unbounded when {@code maxDepth} is 0), every edge {@code x}
   * satisfying {@code edgePredicate} (a predicate over the variable {@code x}).
   */
  String shortestPath(String typeAlternation, Direction direction, int maxDepth, String edgePredicate);

  /** The number of edges of path {@code p}, in the form the planner optimises best. */
  default String pathLength(String p) {
    return "size(relationships(" + p + "))";
  }

  /** A query with columns {@code version} and {@code edition} describing the server. */
  String serverInfoQuery();

  /**
   * A query finding the relationship whose id is {@code $id}, returning {@code rel},
   * {@code from} and {@code to}; it may use the extra parameters of
   * {@link #relationshipIdParameters}. The default scans the relationships.
   */
  default String relationshipByIdQuery() {
    return "MATCH (a:Memory)-[rel]->(b:Memory) WHERE rel.id = $id RETURN rel, a.id AS from, b.id AS to";
  }

  /** The parameters of {@link #relationshipByIdQuery()} for an id ({@code id} at least). */
  default Map<String, Object> relationshipIdParameters(String id) {
    return Map.of("id", id);
  }

  /**
   * A query returning, in column {@code id}, which of many relationship ids exist, with the
   * parameters of {@link #relationshipIdsParameters}. The default scans the relationships once.
   */
  default String existingRelationshipIdsQuery() {
    return "MATCH (:Memory)-[rel]->(:Memory) WHERE rel.id IN $ids RETURN rel.id AS id";
  }

  /** The parameters of {@link #existingRelationshipIdsQuery()} for these ids. */
  default Map<String, Object> relationshipIdsParameters(List<String> ids) {
    return Map.of("ids", ids);
  }

  /**
   * Extra node properties a memory carries for this dialect's text search (derived, never read
   * back). The default is none.
   */
  default Map<String, Object> searchProperties(dev.memorygraph.model.Memory memory) {
    return Map.of();
  }

  /**
   * The words of a text exactly as {@link dev.memorygraph.model.SearchQuery#words} cuts them
   * (runs of Unicode letters and digits with their combining marks, lower-cased), joined by
   * single spaces. Indexing this form instead of the raw text makes index and query split words
   * the same way (Lucene's tokenizer would keep {@code col:val} or {@code file.java} as one token).
   */
  static String words(String text) {
    return text == null ? "" : String.join(" ", dev.memorygraph.model.SearchQuery.words(text));
  }

  /** The pattern text of an edge with the given inner part, e.g. {@code -[x:T]->}. */
  static String edge(String inner, Direction direction) {
    switch (direction) {
      case OUTGOING: return "-[" + inner + "]->";
      case INCOMING: return "<-[" + inner + "]-";
      default: return "-[" + inner + "]-";
    }
  }
}
