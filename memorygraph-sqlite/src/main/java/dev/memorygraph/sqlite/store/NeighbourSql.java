package dev.memorygraph.sqlite.store;

import dev.memorygraph.model.Direction;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.spi.Instants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Builds the one query per traversal level: every followable edge touching a set of memories
 * ({@code from_id IN (...)} and/or {@code to_id IN (...)}), with the type and validity filters as
 * parameters. Needs no {@code WITH RECURSIVE}.
 */
public final class NeighbourSql {
  /** Most ids in one IN list (SQLite's limit on parameters is far higher; this keeps plans cheap). */
  public static final int MAX_IDS = 500;

  private NeighbourSql() {}

  /**
   * The edges touching {@code ids} in the given direction, as {@link Mappers#RELATIONSHIP_COLUMNS}
   * (unordered: callers sort).
   *
   * @param ids at most {@link #MAX_IDS} memory ids
   * @param direction OUTGOING: edges leaving the ids; INCOMING: edges arriving; BOTH: either
   * @param types only these types (empty = all)
   * @param asOf edges valid at this instant, or null for current edges only
   */
  public static SqlStatement edges(Collection<String> ids, Direction direction,
      Set<RelationshipType> types, Instant asOf) {
    return select(Mappers.RELATIONSHIP_COLUMNS, ids, direction, types, asOf);
  }

  /**
   * Like {@link #edges} but only the columns a walk needs: {@code id, from_id, to_id}. The full
   * rows of the few edges that end up in a result are loaded afterwards by id.
   */
  public static SqlStatement edgeKeys(Collection<String> ids, Direction direction,
      Set<RelationshipType> types, Instant asOf) {
    return select("id, from_id, to_id", ids, direction, types, asOf);
  }

  private static SqlStatement select(String columns, Collection<String> ids, Direction direction,
      Set<RelationshipType> types, Instant asOf) {
    if (ids.isEmpty() || ids.size() > MAX_IDS) {
      throw new IllegalArgumentException("1.." + MAX_IDS + " ids per query, got " + ids.size());
    }
    List<Object> args = new ArrayList<>();
    List<Object> padded = padded(ids);
    String in = SearchSql.marks(padded.size());
    StringBuilder sql = new StringBuilder("SELECT ").append(columns)
        .append(" FROM relationships WHERE ");
    switch (direction) {
      case OUTGOING:
        sql.append("from_id IN (").append(in).append(')');
        args.addAll(padded);
        break;
      case INCOMING:
        sql.append("to_id IN (").append(in).append(')');
        args.addAll(padded);
        break;
      default:
        sql.append("(from_id IN (").append(in).append(") OR to_id IN (").append(in).append("))");
        args.addAll(padded);
        args.addAll(padded);
    }
    if (!types.isEmpty()) {
      sql.append(" AND type IN (").append(SearchSql.marks(types.size())).append(')');
      for (RelationshipType t : types) {
        args.add(t.name());
      }
    }
    validity(sql, args, asOf);
    return new SqlStatement(sql.toString(), args);
  }

  /**
   * The targets of current edges of one type leaving {@code ids} (the cycle check walks these).
   *
   * @param ids at most {@link #MAX_IDS} memory ids
   */
  public static SqlStatement currentTargets(Collection<String> ids, RelationshipType type) {
    List<Object> args = padded(ids);
    int n = args.size();
    args.add(type.name());
    return new SqlStatement("SELECT DISTINCT to_id FROM relationships WHERE from_id IN ("
        + SearchSql.marks(n) + ") AND type = ? AND +valid_until IS NULL", args);
  }

  /**
   * The ids as IN-list arguments, padded by repeating the last id up to the next size of a few
   * fixed ones (1, 2, 4, ... 256, {@link #MAX_IDS}): a repeated value changes no IN result, and
   * the statement text then takes one of ten shapes, so the connections' statement caches hit
   * instead of preparing a new statement for every frontier size.
   *
   * @param ids 1..{@link #MAX_IDS} ids
   * @return a new mutable list (callers may append further arguments)
   */
  public static List<Object> padded(Collection<String> ids) {
    int n = ids.size();
    if (n == 0 || n > MAX_IDS) {
      throw new IllegalArgumentException("1.." + MAX_IDS + " ids per query, got " + n);
    }
    int size = 1;
    while (size < n) {
      size <<= 1;
    }
    size = Math.min(size, MAX_IDS);
    List<Object> out = new ArrayList<>(size + 8);
    String last = null;
    for (String id : ids) {
      out.add(id);
      last = id;
    }
    while (out.size() < size) {
      out.add(last);
    }
    return out;
  }

  /**
   * Appends the validity filter: current edges, or those valid at {@code asOf}. The unary
   * {@code +} keeps the planner off the valid_until index (which would scan every current edge)
   * and on the endpoint indexes.
   */
  public static void validity(StringBuilder sql, List<Object> args, Instant asOf) {
    if (asOf == null) {
      sql.append(" AND +valid_until IS NULL");
    } else {
      long t = Instants.toMicros(asOf);
      sql.append(" AND +valid_from <= ? AND (+valid_until IS NULL OR +valid_until > ?)");
      args.add(t);
      args.add(t);
    }
  }
}
