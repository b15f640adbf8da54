package dev.memorygraph.falkordb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Query parameters for jfalkordb, made safe for the way that driver sends them.
 *
 * <p>jfalkordb 0.7.0 does not send parameters separately: it writes them into the query text as
 * {@code CYPHER name="value" ...} and escapes only the double quote. FalkorDB's parser then reads
 * backslash escapes inside that literal, so a backslash in a value would be corrupted
 * ({@code \t} becomes a tab), a trailing backslash breaks the query, and {@code \"} closes the
 * literal early and lets the rest of the value run as Cypher. {@link #escape(String)} doubles
 * every backslash first; the driver's own quote escaping then yields a literal that FalkorDB reads
 * back as exactly the original string. Every value goes through {@link #sanitize(Object)}, which
 * applies that escaping to every string, including strings nested in lists.
 */
public final class CypherParams {
  /** Parameter names are written into the query text by the driver: only identifiers are allowed. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, Object> values = new LinkedHashMap<>();

  private CypherParams() {}

  /** An empty parameter set. */
  public static CypherParams create() {
    return new CypherParams();
  }

  /** Parameters from alternating names and values. */
  public static CypherParams of(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must alternate");
    }
    CypherParams p = new CypherParams();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      p.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return p;
  }

  /** Adds one parameter; the value is sanitised now. */
  public CypherParams put(String name, Object value) {
    // Compiled once: String.matches compiled the pattern again on every parameter of every query.
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid parameter name: " + name);
    }
    values.put(name, sanitize(value));
    return this;
  }

  /** The sanitised values, as the driver takes them. */
  public Map<String, Object> asMap() {
    return values;
  }

  /**
   * Doubles every backslash so that the driver's literal reads back as {@code s}.
   *
   * <p>The double quote is left alone on purpose: jfalkordb turns it into {@code \"} itself, and
   * after this step a backslash before it can only be an escaped backslash, never an escape.
   */
  public static String escape(String s) {
    return s.indexOf('\\') < 0 ? s : s.replace("\\", "\\\\");
  }

  /**
   * Makes one value safe to hand to jfalkordb: strings escaped (also inside lists), instants as
   * epoch microseconds, and the types the driver cannot send rejected.
   *
   * @throws IllegalArgumentException for maps, arrays, NaN, infinities and other unsupported types
   */
  public static Object sanitize(Object v) {
    if (v == null || v instanceof Boolean || v instanceof Long || v instanceof Integer
        || v instanceof Short || v instanceof Byte) {
      return v;
    }
    if (v instanceof String) {
      return escape((String) v);
    }
    if (v instanceof Character) {
      return escape(v.toString());
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("NaN and infinite numbers cannot be sent to FalkorDB");
      }
      return d;
    }
    if (v instanceof Instant) {
      return dev.memorygraph.spi.Instants.toMicros((Instant) v);
    }
    if (v instanceof Enum) {
      return escape(((Enum<?>) v).name());
    }
    if (v instanceof Collection) {
      List<Object> out = new ArrayList<>(((Collection<?>) v).size());
      for (Object o : (Collection<?>) v) {
        out.add(sanitize(o));
      }
      return out;
    }
    if (v instanceof Map) {
      throw new IllegalArgumentException("map parameters are not supported by jfalkordb; pass a list of lists");
    }
    throw new IllegalArgumentException("unsupported parameter type " + v.getClass().getName());
  }
}
