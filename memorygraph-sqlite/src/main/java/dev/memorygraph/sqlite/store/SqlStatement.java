package dev.memorygraph.sqlite.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One SQL statement with its positional ({@code ?}) arguments, every value computed by the
 * client so that the statement means the same thing on any database it is replayed on.
 *
 * <p>Arguments are {@code null}, {@link String}, {@link Long}, {@link Integer} or {@link Double}.
 *
 * @param sql the statement text (only constant text, enum names and clamped integers)
 * @param args the values bound to its {@code ?} markers, in order
 */
public record SqlStatement(String sql, List<Object> args) {

  /** Copies the arguments (nulls allowed). */
  public SqlStatement {
    Objects.requireNonNull(sql, "sql");
    args = args == null || args.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(args));
  }

  /** A statement with the given arguments. */
  public static SqlStatement of(String sql, Object... args) {
    List<Object> list = new ArrayList<>(args.length);
    Collections.addAll(list, args);
    return new SqlStatement(sql, list);
  }

  @Override
  public String toString() {
    // Arguments may hold user text of any size: show the shape only.
    return "SqlStatement[" + sql + " with " + args.size() + " args]";
  }
}
