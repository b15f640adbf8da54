package dev.memorygraph.neo4j;

import dev.memorygraph.model.Memory;
import java.util.Map;
import java.util.Objects;

/**
 * The exact node properties this backend sends for a memory; for tools and benchmarks that drive
 * the neo4j-java-driver themselves (the bench's raw baseline sends the backend's queries through
 * the bare driver with these).
 *
 * <p>{@link CypherBackend} writes a memory as one map set on its node ({@code SET m = row}),
 * built from the same storage model ({@code CypherValues}) and the same
 * {@link CypherDialect#searchProperties} as here. The search parameter of a text query is public
 * already: {@link CypherDialect#textParameter}.
 */
public final class CypherRows {
  private CypherRows() {}

  /**
   * The node properties of a memory as the backend writes them through {@code dialect}: the
   * storage model (instants as epoch microseconds, the metadata map as two parallel lists) plus
   * the dialect's derived search properties. A null value removes the property when set with
   * {@code SET m = $row}.
   *
   * @return a new mutable map the caller owns (a tool may, say, replace the id)
   */
  public static Map<String, Object> memoryProperties(Memory memory, CypherDialect dialect) {
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(dialect, "dialect");
    Map<String, Object> p = CypherValues.memoryProperties(memory);
    p.putAll(dialect.searchProperties(memory));
    return p;
  }
}
