package dev.memorygraph.turso.hrana;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One SQL statement with positional arguments, as sent in a Hrana {@code stmt}.
 *
 * <p>Exactly one statement per {@code sql}: servers such as {@code tursodb} silently run only the
 * first statement of a multi-statement string. Arguments are bound to {@code ?} placeholders in
 * order; supported Java types are listed in {@link HranaValues#encodable(Object)}.
 *
 * @param sql the statement text, never containing user values
 * @param args positional arguments (may contain nulls)
 * @param wantRows whether the server should return rows
 */
public record HranaStatement(String sql, List<Object> args, boolean wantRows) {

  /** Validates the statement and copies the arguments (nulls allowed). */
  public HranaStatement {
    Objects.requireNonNull(sql, "sql");
    if (sql.isBlank()) {
      throw new IllegalArgumentException("sql is blank");
    }
    args = args == null || args.isEmpty()
        ? List.of() : Collections.unmodifiableList(new ArrayList<>(args));
    for (int i = 0; i < args.size(); i++) {
      if (!HranaValues.encodable(args.get(i))) {
        throw new IllegalArgumentException("argument " + (i + 1) + " has unsupported type "
            + args.get(i).getClass().getName());
      }
    }
  }

  /** A statement that returns rows, with these positional arguments. */
  public static HranaStatement of(String sql, Object... args) {
    return new HranaStatement(sql, args == null ? List.of() : Arrays.asList(args), true);
  }

  /** A statement that returns rows, with these positional arguments. */
  public static HranaStatement of(String sql, List<?> args) {
    return new HranaStatement(sql, args == null ? List.of() : new ArrayList<>(args), true);
  }

  /** Shows the SQL and the argument count only: argument values may be private. */
  @Override
  public String toString() {
    return "HranaStatement[sql=" + sql + ", args=" + args.size() + "]";
  }
}
