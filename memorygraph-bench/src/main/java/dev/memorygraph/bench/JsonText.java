package dev.memorygraph.bench;

import java.util.List;
import java.util.Map;

/** Minimal JSON text for the raw baseline's list and map columns (no object mapper per row). */
final class JsonText {
  private JsonText() {}

  /** A JSON array of strings. */
  static String array(List<String> values) {
    if (values.isEmpty()) {
      return "[]";
    }
    StringBuilder b = new StringBuilder(values.size() * 24).append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      string(b, values.get(i));
    }
    return b.append(']').toString();
  }

  /** A JSON object of string pairs. */
  static String object(Map<String, String> values) {
    if (values.isEmpty()) {
      return "{}";
    }
    StringBuilder b = new StringBuilder().append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, e.getKey());
      b.append(':');
      string(b, e.getValue());
    }
    return b.append('}').toString();
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
  }
}
