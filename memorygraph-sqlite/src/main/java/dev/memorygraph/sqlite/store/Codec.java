package dev.memorygraph.sqlite.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Text encodings of the fields that are stored but never filtered: string lists and string maps
 * as JSON text, tags as newline-joined text (tags cannot hold control characters), and the
 * lower-cased search text of the fallback search.
 */
public final class Codec {
  private Codec() {}

  /** A JSON array of strings, or null for an empty list. */
  public static String jsonList(List<String> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder().append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      quote(b, values.get(i));
    }
    return b.append(']').toString();
  }

  /** A JSON object of string values, or null for an empty map. */
  public static String jsonMap(Map<String, String> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder().append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      quote(b, e.getKey());
      b.append(':');
      quote(b, e.getValue());
    }
    return b.append('}').toString();
  }

  /** Parses {@link #jsonList}'s output; null gives an empty list. */
  public static List<String> parseList(String json) {
    if (json == null || json.isEmpty()) {
      return List.of();
    }
    Parser p = new Parser(json);
    List<String> out = new ArrayList<>();
    p.expect('[');
    p.skipSpace();
    if (p.peek() == ']') {
      p.pos++;
      return List.of();
    }
    while (true) {
      out.add(p.string());
      p.skipSpace();
      char c = p.next();
      if (c == ']') {
        return Collections.unmodifiableList(out);
      }
      if (c != ',') {
        throw p.error("expected , or ]");
      }
    }
  }

  /** Parses {@link #jsonMap}'s output; null gives an empty map. */
  public static Map<String, String> parseMap(String json) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    Parser p = new Parser(json);
    TreeMap<String, String> out = new TreeMap<>();
    p.expect('{');
    p.skipSpace();
    if (p.peek() == '}') {
      p.pos++;
      return Map.of();
    }
    while (true) {
      String k = p.string();
      p.expect(':');
      out.put(k, p.string());
      p.skipSpace();
      char c = p.next();
      if (c == '}') {
        return Collections.unmodifiableMap(out);
      }
      if (c != ',') {
        throw p.error("expected , or }");
      }
    }
  }

  /** Tags as stored in the memories table (and indexed by FTS5): one per line, null when none. */
  public static String joinTags(List<String> tags) {
    return tags == null || tags.isEmpty() ? null : String.join("\n", tags);
  }

  /** The tags of {@link #joinTags}. */
  public static List<String> splitTags(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split("\n"));
  }

  /**
   * The fallback search column: title, content, summary and tags, lower-cased in the root locale
   * (the same folding as {@link dev.memorygraph.model.SearchQuery#terms()}), one per line.
   */
  public static String searchText(String title, String content, String summary, List<String> tags) {
    StringBuilder b = new StringBuilder(title.length() + content.length() + 64);
    b.append(title).append('\n').append(content);
    if (summary != null) {
      b.append('\n').append(summary);
    }
    for (String t : tags) {
      b.append('\n').append(t);
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\r': b.append("\\r"); break;
        case '\t': b.append("\\t"); break;
        default:
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    char peek() {
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(pos);
    }

    char next() {
      char c = peek();
      pos++;
      return c;
    }

    void expect(char c) {
      skipSpace();
      if (next() != c) {
        throw error("expected " + c);
      }
    }

    String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return b.toString();
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case 'n': b.append('\n'); break;
          case 'r': b.append('\r'); break;
          case 't': b.append('\t'); break;
          case 'b': b.append('\b'); break;
          case 'f': b.append('\f'); break;
          case 'u':
            if (pos + 4 > s.length()) {
              throw error("bad \\u escape");
            }
            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            pos += 4;
            break;
          default: b.append(e);
        }
      }
    }

    IllegalStateException error(String what) {
      return new IllegalStateException("malformed stored JSON at " + pos + ": " + what);
    }
  }
}
