package dev.memorygraph.sqlite.store;

import dev.memorygraph.ValidationException;
import dev.memorygraph.spi.Instants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a native query with named parameters ({@code :name}, {@code @name}, {@code $name}) or
 * positional ones ({@code ?}, bound from keys {@code "1"}, {@code "2"}...) into a
 * {@link SqlStatement}. String literals, quoted identifiers and comments are left alone.
 */
public final class NamedParameters {
  private NamedParameters() {}

  /**
   * Binds parameters.
   *
   * @throws ValidationException naming {@code params} when a parameter has no value or a value of
   *     an unsupported type
   */
  public static SqlStatement bind(String sql, Map<String, Object> params) {
    StringBuilder out = new StringBuilder(sql.length());
    List<Object> args = new ArrayList<>();
    int positional = 0;
    int n = sql.length();
    int i = 0;
    while (i < n) {
      int skipped = SqlScanner.skipQuotedOrComment(sql, i);
      if (skipped > i) {
        out.append(sql, i, skipped);
        i = skipped;
        continue;
      }
      char c = sql.charAt(i);
      if ((c == ':' || c == '@' || c == '$') && i + 1 < n && isNameStart(sql.charAt(i + 1))
          && !(c == ':' && i > 0 && sql.charAt(i - 1) == ':')) {
        int j = i + 1;
        while (j < n && isNamePart(sql.charAt(j))) {
          j++;
        }
        String name = sql.substring(i + 1, j);
        if (!params.containsKey(name)) {
          throw new ValidationException("params", "no value for parameter '" + name + "'");
        }
        out.append('?');
        args.add(value(name, params.get(name)));
        i = j;
      } else if (c == '?') {
        positional++;
        String key = Integer.toString(positional);
        if (!params.containsKey(key)) {
          throw new ValidationException("params", "no value for positional parameter " + key);
        }
        out.append('?');
        args.add(value(key, params.get(key)));
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return new SqlStatement(out.toString(), args);
  }

  /** Converts a Java value to one SQLite binds. */
  public static Object value(String name, Object v) {
    if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof byte[]) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float) {
      return ((Float) v).doubleValue();
    }
    if (v instanceof Boolean) {
      return ((Boolean) v) ? 1L : 0L;
    }
    if (v instanceof Instant) {
      return Instants.toMicros(((Instant) v).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }
    if (v instanceof Enum<?>) {
      return ((Enum<?>) v).name();
    }
    if (v instanceof CharSequence) {
      return v.toString();
    }
    throw new ValidationException("params." + name, "unsupported value type " + v.getClass().getSimpleName());
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
