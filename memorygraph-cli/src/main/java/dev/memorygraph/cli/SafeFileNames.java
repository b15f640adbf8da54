package dev.memorygraph.cli;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns memory titles into file names that are safe on every common file system.
 *
 * <p>Only Unicode letters, digits, {@code -}, {@code _} and single inner dots survive; everything
 * else (path separators, {@code : * ? " < > |}, control characters, spaces) becomes {@code -}.
 * No name starts with a dot or dash (no hidden files, no {@code ..}, no option-like names), Windows
 * device names ({@code CON}, {@code NUL}, {@code COM1}...) get a suffix before any dot, the stem is capped at
 * {@value #MAX_STEM_BYTES} UTF-8 bytes without splitting a character, and names are made unique
 * case-insensitively by a numeric suffix. Names starting with {@code _} are never produced, so
 * callers can use that prefix for their own files.
 */
public final class SafeFileNames {
  /** Longest stem in UTF-8 bytes (file systems allow 255 bytes per name). */
  public static final int MAX_STEM_BYTES = 100;
  private static final Pattern RESERVED =
      Pattern.compile("(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\\$|conout\\$)", Pattern.CASE_INSENSITIVE);

  private final Set<String> used = new HashSet<>();

  /** A unique, safe file name {@code <stem><extension>} for a title. */
  public String next(String title, String extension) {
    String stem = stem(title);
    String candidate = stem;
    for (int n = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); n++) {
      candidate = stem + "-" + n;
    }
    return candidate + extension;
  }

  /** The safe stem of a title (not yet unique). */
  public static String stem(String title) {
    StringBuilder sb = new StringBuilder();
    boolean dash = false;
    for (int i = 0; i < title.length(); ) {
      int cp = title.codePointAt(i);
      i += Character.charCount(cp);
      boolean keep = Character.isLetterOrDigit(cp) || cp == '_' || cp == '.';
      if (keep && !(cp == '.' && (sb.length() == 0 || sb.charAt(sb.length() - 1) == '.'))) {
        sb.appendCodePoint(cp);
        dash = false;
      } else if (!dash && sb.length() > 0) {
        sb.append('-');
        dash = true;
      }
    }
    String s = trimEdges(sb.toString());
    s = capBytes(s, MAX_STEM_BYTES);
    s = trimEdges(s);
    if (s.isEmpty()) {
      s = "memory";
    }
    // Windows treats "CON.txt" like CON, so the part before the first dot decides.
    String base = s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
    if (RESERVED.matcher(base).matches()) {
      s = base + "-memory" + s.substring(base.length());
    }
    return s;
  }

  private static String trimEdges(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && "-._".indexOf(s.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && "-.".indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(start, end);
  }

  private static String capBytes(String s, int maxBytes) {
    if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + len > maxBytes) {
        break;
      }
      sb.appendCodePoint(cp);
      bytes += len;
      i += Character.charCount(cp);
    }
    return sb.toString();
  }
}
