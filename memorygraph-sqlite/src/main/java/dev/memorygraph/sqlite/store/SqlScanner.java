package dev.memorygraph.sqlite.store;

/**
 * Finds the parts of SQL text that are not code: string literals, quoted identifiers and comments.
 *
 * <p>Why by hand: rewriting parameters ({@link NamedParameters}, the Turso client's exact floats)
 * must not touch a {@code ?} or {@code :name} inside a literal or a comment, and no SQL parser on
 * the JVM speaks SQLite's dialect; skipping quotes and comments is all the rewriting needs.
 */
public final class SqlScanner {
  private SqlScanner() {}

  /**
   * The index just past the string literal ({@code '...'}), quoted identifier ({@code "..."},
   * {@code `...`}, {@code [...]}) or comment ({@code -- ...} to the end of the line,
   * {@code /* ... *}{@code /}) that starts at {@code i}, or {@code i} itself when none starts
   * there. A doubled quote inside a literal or quoted identifier is part of it; an unterminated
   * one runs to the end of the text.
   */
  public static int skipQuotedOrComment(String sql, int i) {
    int n = sql.length();
    if (i >= n) {
      return i;
    }
    char c = sql.charAt(i);
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      int j = i + 1;
      while (j < n) {
        if (sql.charAt(j) == close) {
          if (close != ']' && j + 1 < n && sql.charAt(j + 1) == close) {
            j += 2;
            continue;
          }
          return j + 1;
        }
        j++;
      }
      return n;
    }
    if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
      int j = sql.indexOf('\n', i);
      return j < 0 ? n : j;
    }
    if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
      int j = sql.indexOf("*/", i + 2);
      return j < 0 ? n : j + 2;
    }
    return i;
  }
}
