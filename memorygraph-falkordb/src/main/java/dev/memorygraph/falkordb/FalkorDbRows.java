package dev.memorygraph.falkordb;

import dev.memorygraph.model.Memory;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The exact parameters this backend sends for a memory, and the query fragments that write and
 * read them; for tools and benchmarks that drive jfalkordb themselves (the bench's raw baseline
 * sends the backend's queries through the bare driver with these).
 *
 * <p>{@link FalkorDbBackend} builds its own parameters and fragments with the same code, so a
 * row from here is what the backend's memory upsert sends in {@code $rows}. The values are the
 * backend's before {@link CypherParams#sanitize}: jfalkordb writes parameters into the query
 * text, so pass strings that may hold a backslash through {@link CypherParams} as the backend
 * does.
 */
public final class FalkorDbRows {
  /** A Cypher variable name: the only caller text these fragments place in a query. */
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private FalkorDbRows() {}

  /**
   * The memory properties in row order: {@code row.get(i)} is stored in property
   * {@code memoryProperties().get(i)}; index 0 is the id.
   */
  public static List<String> memoryProperties() {
    return Codec.MEMORY_PROPS;
  }

  /**
   * The parameter row of a memory: every stored property in {@link #memoryProperties()} order,
   * instants as epoch microseconds, the full-text shadow words and the exact text copies of the
   * doubles included.
   */
  public static List<Object> memoryRow(Memory memory) {
    return Codec.memoryRow(Objects.requireNonNull(memory, "memory"));
  }

  /**
   * The {@code SET} assignments of every memory property but the id, {@code created_at},
   * {@code updated_at} and {@code version} (which the upsert sets itself) on node {@code node}
   * from row {@code row}, e.g. {@code n.type = r[1], n.title = r[2], ...}.
   *
   * @throws IllegalArgumentException if a name is not a Cypher variable
   */
  public static String memoryAssignments(String node, String row) {
    return Codec.memoryAssignments(variable("node", node), variable("row", row), false);
  }

  /**
   * The list expression that reads a memory node bound to {@code variable}, as every backend
   * query returning a memory projects it.
   *
   * @throws IllegalArgumentException if {@code variable} is not a Cypher variable
   */
  public static String memoryProjection(String variable) {
    return Codec.memoryProjection(variable("variable", variable));
  }

  /**
   * The list expression that reads an edge bound to {@code variable}: its end memories' ids, its
   * type, then its properties, as every backend query returning a relationship projects it.
   *
   * @throws IllegalArgumentException if {@code variable} is not a Cypher variable
   */
  public static String relationshipProjection(String variable) {
    return Codec.relationshipProjection(variable("variable", variable));
  }

  /**
   * The value of the {@code $q} parameter of the backend's full-text search for these words
   * ({@link dev.memorygraph.model.SearchQuery#terms()}).
   */
  public static String fulltextQuery(List<String> terms) {
    return FalkorDbBackend.fulltextQuery(Objects.requireNonNull(terms, "terms"));
  }

  private static String variable(String field, String name) {
    if (name == null || !VARIABLE.matcher(name).matches()) {
      throw new IllegalArgumentException(field + " must be a Cypher variable name: " + name);
    }
    return name;
  }
}
